import { and, asc, desc, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { db } from "@/db";
import { decodeCursor, encodeCursor, type SortOrder } from "@/lib/api/pagination";

/**
 * For a "Newer" (previous page) link on a keyset-paged list opened at `cursor`: the cursor that
 * opens the `limit` rows just before that page, or null when those rows begin at the first page.
 * `where` is the list's own filter, so the previous page keeps it. Pages move with the list, so
 * the page before is the one that ends at the cursor's row: that row and the `limit - 1` rows
 * before it; the row before those, if there is one, is where its cursor points.
 */
export async function previousPageCursor(
  table: PgTable,
  columns: { createdAt: PgColumn; id: PgColumn },
  query: { where: SQL | undefined; cursor: string; limit: number; order?: SortOrder },
): Promise<string | null> {
  const position = decodeCursor(query.cursor);
  const newestFirst = (query.order ?? "newest") === "newest";
  // A row comparison, as pastCursor's, so the list's index bounds the walk back.
  const fromCursor = sql`(${columns.createdAt}, ${columns.id}) ${newestFirst ? sql`>=` : sql`<=`} (${position.createdAt.toISOString()}::timestamptz, ${position.id})`;
  const backwards = newestFirst ? [asc(columns.createdAt), asc(columns.id)] : [desc(columns.createdAt), desc(columns.id)];
  const rows = await db
    .select({ createdAt: columns.createdAt, id: columns.id })
    .from(table)
    .where(and(query.where, fromCursor))
    .orderBy(...backwards)
    .limit(query.limit + 1);
  const beyond = rows[query.limit] as { createdAt: Date; id: string } | undefined;
  return beyond ? encodeCursor(beyond) : null;
}
