/** Tern's own operational event types share this namespace; no workspace may publish into it. */
const OPERATIONAL_TYPE_PREFIX = "tern.";

export function isOperationalType(eventType: string): boolean {
  return eventType.startsWith(OPERATIONAL_TYPE_PREFIX);
}

/**
 * The filter entries that select an event type: itself, "*", and "prefix.*" for every
 * dotted prefix — "invoice.paid" is matched by "invoice.paid", "invoice.*" and "*". An
 * operational type ("tern.…") is matched only by a filter naming it: "*" never selects it, so an
 * endpoint subscribed to everything is not sent another endpoint's URL and failure.
 */
export function filtersMatching(eventType: string): string[] {
  const parts = eventType.split(".");
  const prefixes = parts.slice(0, -1).map((_, i) => `${parts.slice(0, i + 1).join(".")}.*`);
  return isOperationalType(eventType) ? [eventType, ...prefixes] : [eventType, "*", ...prefixes];
}

export function filterMatches(filters: string[], eventType: string): boolean {
  const matching = new Set(filtersMatching(eventType));
  return filters.some((filter) => matching.has(filter));
}
