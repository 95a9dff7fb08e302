import { asc, desc, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { idPattern } from "@/lib/ids";
import { isStorableTime } from "@/lib/time/timestamp";

type Cursor = { createdAt: Date; id: string };

const NOT_OURS = "The cursor is not one this API returned.";

export function encodeCursor(row: Cursor): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

// Only what encodeCursor wrote comes back: any other text could carry a time or an id PostgreSQL refuses.
function readCursor(cursor: string): Cursor | undefined {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || !idPattern().test(id) || !isStorableTime(createdAt)) return undefined;
  const position = { createdAt, id };
  return encodeCursor(position) === cursor ? position : undefined;
}

export function decodeCursor(cursor: string): Cursor {
  const position = readCursor(cursor);
  if (!position) throw new DomainError("invalid", NOT_OURS, "cursor");
  return position;
}

/** `?limit=&cursor=` pages: newest first, at most 100 a page. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z
    .string()
    .max(200)
    .refine((cursor) => readCursor(cursor) !== undefined, { error: NOT_OURS })
    .optional(),
};

export type SortOrder = "newest" | "oldest";

/**
 * Keyset condition for the rows after the cursor on (created_at, id), in the page's order. A row
 * comparison, which PostgreSQL turns into an index bound: written as `a < x or (a = x and b < y)`
 * it is a filter, and a page deep in a long history would read every row before it.
 */
export function pastCursor(createdAt: PgColumn, id: PgColumn, cursor: string | undefined, order: SortOrder = "newest"): SQL | undefined {
  if (!cursor) return undefined;
  const c = decodeCursor(cursor);
  const beyond = order === "newest" ? sql`<` : sql`>`;
  return sql`(${createdAt}, ${id}) ${beyond} (${c.createdAt.toISOString()}::timestamptz, ${c.id})`;
}

export function keysetOrder(createdAt: PgColumn, id: PgColumn, order: SortOrder = "newest") {
  return order === "newest" ? [desc(createdAt), desc(id)] : [asc(createdAt), asc(id)];
}

/** Fetch `limit + 1` rows, then call this to split off the next cursor. */
export function toPage<T extends Cursor>(rows: T[], limit: number): { data: T[]; nextCursor: string | null } {
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
