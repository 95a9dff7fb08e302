import { type AnyColumn, getTableColumns, type SQL, sql, type Table } from "drizzle-orm";

/**
 * A column's bare name, for where SQL refuses a qualified one (`set`, an insert's column list):
 * raw statements still name columns through the schema, so a rename fails the type check.
 */
export function unqualified(column: AnyColumn): SQL {
  return sql`${sql.identifier(column.name)}`;
}

/** Bare column names separated by commas: an insert's column list or an `on conflict` target. */
export function columnList(...columns: AnyColumn[]): SQL {
  return sql.join(columns.map(unqualified), sql`, `);
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
