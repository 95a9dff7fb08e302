import { and, asc, eq, gt, gte, isNull, or } from "drizzle-orm";
import { db } from "@/db";
import { tenants } from "@/db/schema";
import { decodeCursor, encodeCursor } from "@/lib/api/pagination";
import { tenantSearch } from "@/lib/tenants/tenants";

/**
 * For the console's "Newer" link on a page of listTenants opened at `cursor`: the cursor of the
 * `limit` tenants just newer than that page, with the same search (tenantSearch), or null when they begin at the first page.
 */
export async function newerTenantsCursor(workspaceId: string, query: { cursor: string; search?: string; limit: number }): Promise<string | null> {
  const position = decodeCursor(query.cursor);
  // The cursor is the last row of the page before, so that page is this row and the limit - 1
  // newer ones; the row beyond them, if there is one, is where the newer page's cursor points.
  const rows = await db
    .select({ createdAt: tenants.createdAt, id: tenants.id })
    .from(tenants)
    .where(
      and(
        eq(tenants.workspaceId, workspaceId),
        isNull(tenants.deletedAt),
        query.search ? tenantSearch(query.search) : undefined,
        or(gt(tenants.createdAt, position.createdAt), and(eq(tenants.createdAt, position.createdAt), gte(tenants.id, position.id))),
      ),
    )
    .orderBy(asc(tenants.createdAt), asc(tenants.id))
    .limit(query.limit + 1);
  const beyond = rows[query.limit];
  return beyond ? encodeCursor(beyond) : null;
}
