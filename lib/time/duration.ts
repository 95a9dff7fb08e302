// Reading durations, wherever they are written: settings ("5d"), the Inngest SDK's options and
// sleeps ("1h30m", "500ms"), and HTTP's Retry-After header.

const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

/**
 * "1h30m", "500ms", "12h", "5d" in milliseconds; undefined when not a duration. A bare number is
 * read in `bareUnitMs` when given (settings count plain seconds), and refused otherwise.
 */
export function parseDuration(text: string, bareUnitMs?: number): number | undefined {
  if (bareUnitMs !== undefined && /^\d+(\.\d+)?$/.test(text)) return Number(text) * bareUnitMs;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|[wdhms])/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== text) return undefined;
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * UNIT_MS[unit!]!, 0);
}

/** Seconds from `now` that a Retry-After header asks for (delta-seconds or an HTTP date); undefined when unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}
