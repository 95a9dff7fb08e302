/**
 * The filter entries that select an event type: itself, "*", and "prefix.*" for every
 * dotted prefix — "invoice.paid" is matched by "invoice.paid", "invoice.*" and "*".
 */
export function filtersMatching(eventType: string): string[] {
  const parts = eventType.split(".");
  const prefixes = parts.slice(0, -1).map((_, i) => `${parts.slice(0, i + 1).join(".")}.*`);
  return [eventType, "*", ...prefixes];
}

export function filterMatches(filters: string[], eventType: string): boolean {
  const matching = new Set(filtersMatching(eventType));
  return filters.some((filter) => matching.has(filter));
}
