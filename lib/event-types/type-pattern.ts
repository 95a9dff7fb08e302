import { eq, like, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { eventTypeName } from "@/lib/event-types/schemas";

const PREFIX_WILDCARD = ".*";

/**
 * An event type filter for the history lists: a type ("invoice.paid"), every type under a dotted
 * prefix ("invoice.*", as an endpoint subscribes), or "*" for all.
 */
export const eventTypePattern = z
  .string()
  .trim()
  .max(128)
  .refine((value) => value === "*" || eventTypeName.safeParse(value.endsWith(PREFIX_WILDCARD) ? value.slice(0, -PREFIX_WILDCARD.length) : value).success, {
    error: 'Use an event type, "prefix.*" for every type under a prefix, or "*" for all.',
  })
  .describe('An event type, "prefix.*" for every type under the prefix (invoice.* matches invoice.paid and invoice.line.added), or "*" for all.');

/** The condition a pattern puts on an event type column; "*" puts none. */
export function eventTypeMatches(column: PgColumn, pattern: string | undefined): SQL | undefined {
  if (pattern === undefined || pattern === "*") return undefined;
  if (!pattern.endsWith(PREFIX_WILDCARD)) return eq(column, pattern);
  // "_" is a LIKE wildcard and may appear in type names; the prefix keeps its dot.
  const prefix = pattern.slice(0, -1).replace(/[\\%_]/g, (character) => `\\${character}`);
  return like(column, `${prefix}%`);
}
