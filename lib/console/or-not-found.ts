import { notFound } from "next/navigation";
import { DomainError } from "@/lib/errors";

/** For console pages: a missing (or other workspace's) record renders the 404 page. */
export async function orNotFound<T>(lookup: Promise<T>): Promise<T> {
  return lookup.catch((error: unknown) => {
    if (error instanceof DomainError && error.code === "not_found") notFound();
    throw error;
  });
}
