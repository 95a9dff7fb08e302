import { DomainError } from "@/lib/errors";

export type Refusable<T> = { ok: true; value: T } | { ok: false; refusal: string };

/**
 * Runs a console page's query. A filter the domain refuses (a tenant that does not exist, an
 * endpoint of another tenant) comes back as a message the page shows beside its filters, so a
 * hand-edited URL never renders the error page.
 */
export async function refusable<T>(query: () => Promise<T>): Promise<Refusable<T>> {
  try {
    return { ok: true, value: await query() };
  } catch (error) {
    if (error instanceof DomainError && error.code === "invalid") return { ok: false, refusal: error.message };
    throw error;
  }
}
