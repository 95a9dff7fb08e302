import { type AnyColumn, type SQL, sql } from "drizzle-orm";

/**
 * A column's bare name, for where SQL refuses a qualified one (`set`, an insert's column list):
 * raw statements still name columns through the schema, so a rename fails the type check.
 */
export function unqualified(column: AnyColumn): SQL {
  return sql.identifier(column.name);
}
