import { type AnyColumn, fillPlaceholders, getTableColumns, type SQL, sql, type Table } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { db } from "@/db";

// A column's name quoted as PostgreSQL quotes identifiers. Given to drizzle as raw text, it costs a
// statement's build a third of what drizzle's own identifier chunk does, and the publishing and
// attempt statements name dozens of columns each time they are built.
const quotedName = (column: AnyColumn) => `"${column.name.replaceAll('"', '""')}"`;

/**
 * A column's bare name, for where SQL refuses a qualified one (`set`, an insert's column list):
 * raw statements still name columns through the schema, so a rename fails the type check.
 */
export function unqualified(column: AnyColumn): SQL {
  return sql.raw(quotedName(column));
}

/** Bare column names separated by commas: an insert's column list or an `on conflict` target. */
export function columnList(...columns: AnyColumn[]): SQL {
  return sql.raw(columns.map(quotedName).join(", "));
}

/** A row a raw statement returned (`returning *`), in the shape drizzle gives the table's rows. */
export function rowOf<T extends Table>(table: T, raw: Record<string, unknown>): T["$inferSelect"] {
  return Object.fromEntries(
    Object.entries(getTableColumns(table)).map(([key, column]) => {
      const value = raw[column.name];
      return [key, value === null || value === undefined ? null : column.mapFromDriverValue(value)];
    }),
  ) as T["$inferSelect"];
}

const dialect = new PgDialect();

/**
 * A statement whose text drizzle builds once: `build` gives it with `sql.placeholder(name)` for
 * each value, and each call runs that text with `values`. For statements of a fixed shape run on
 * every request, where drizzle building the same text again would cost the web server more than
 * running it costs PostgreSQL.
 */
export function builtOnce<Row>(build: () => SQL): (values: Record<string, unknown>) => Promise<Row[]> {
  let query: { sql: string; params: unknown[] } | undefined;
  return async (values) => {
    query ??= dialect.sqlToQuery(build());
    return db.$client.unsafe(query.sql, fillPlaceholders(query.params, values) as never[]) as unknown as Row[];
  };
}
