import { and, eq, isNull } from "drizzle-orm";
import { tenants } from "@/db/schema";
import { previousPageCursor } from "@/lib/api/previous-page";
import { tenantSearch } from "@/lib/tenants/tenants";

/**
 * For the console's "Newer" link on a page of listTenants opened at `cursor`: the cursor of the
 * `limit` tenants just newer than that page, with the same search (tenantSearch), or null when they begin at the first page.
 */
export function newerTenantsCursor(workspaceId: string, query: { cursor: string; search?: string; limit: number }): Promise<string | null> {
  return previousPageCursor(tenants, tenants, {
    where: and(eq(tenants.workspaceId, workspaceId), isNull(tenants.deletedAt), query.search ? tenantSearch(query.search) : undefined),
    cursor: query.cursor,
    limit: query.limit,
  });
}
