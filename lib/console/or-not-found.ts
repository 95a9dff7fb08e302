import { notFound } from "next/navigation";
import { DomainError } from "@/lib/errors";
import { type IdPrefix, idPattern } from "@/lib/ids";

/** For console pages: a missing (or other workspace's) record renders the 404 page. */
export async function orNotFound<T>(lookup: Promise<T>): Promise<T> {
  return lookup.catch((error: unknown) => {
    if (error instanceof DomainError && error.code === "not_found") notFound();
    throw error;
  });
}

/** For console pages: an [id] of another shape than Tern's ids names no record, so it renders the 404 page. */
export function idOrNotFound(prefix: IdPrefix, id: string): string {
  if (!idPattern(prefix).test(id)) notFound();
  return id;
}
