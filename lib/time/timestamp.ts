import { z } from "zod";

// PostgreSQL has no year 0, and it reads toISOString()'s six-digit years (+010000) as nothing.
const EARLIEST_MS = Date.parse("0001-01-01T00:00:00.000Z");
const LATEST_MS = Date.parse("9999-12-31T23:59:59.999Z");

/** Whether PostgreSQL can store this time as JavaScript writes it: a valid date in the years 1 to 9999 (UTC). */
export function isStorableTime(time: Date): boolean {
  const ms = time.getTime();
  return ms >= EARLIEST_MS && ms <= LATEST_MS;
}

/** An ISO 8601 time with its zone, e.g. 2026-11-22T10:00:00Z, in the years 1 to 9999 once in UTC. */
export const isoTimestamp = z.iso
  .datetime({ offset: true, error: "Use an ISO 8601 time with a zone, e.g. 2026-11-22T10:00:00Z." })
  // Text that is no time at all has its answer from the format check already.
  .refine((text) => Number.isNaN(Date.parse(text)) || isStorableTime(new Date(text)), { error: "Use a time between the years 1 and 9999 (UTC)." });
