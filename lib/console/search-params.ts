import type { z } from "zod";
import { findUnstorableText } from "@/lib/api/unstorable-text";

/** A page's searchParams as Next hands them over: a repeated parameter arrives as an array. */
export type SearchParams = Record<string, string | string[] | undefined>;

/**
 * Reads a console page's searchParams with its schema, and never fails, whatever the URL: a
 * repeated parameter counts with its first value, an empty one as absent, and one the schema
 * refuses (or that holds NUL or an unpaired surrogate) falls back to its default. `ignored`
 * names the refused ones, so the page can say what it did not use.
 */
export function parseSearchParams<S extends z.ZodObject>(schema: S, search: SearchParams): { values: z.output<S>; ignored: string[] } {
  const input: Record<string, string> = {};
  const ignored: string[] = [];
  for (const name of Object.keys(schema.shape)) {
    const given = search[name];
    const value = Array.isArray(given) ? given[0] : given;
    if (value === undefined || value === "") continue;
    if (findUnstorableText(value)) ignored.push(name);
    else input[name] = value;
  }
  for (;;) {
    const parsed = schema.safeParse(input);
    if (parsed.success) return { values: parsed.data, ignored };
    const refused = new Set(parsed.error.issues.map((issue) => String(issue.path[0])).filter((name) => Object.hasOwn(input, name)));
    // Nothing left to drop means the schema refuses its own defaults: a bug in the page, not in the URL.
    if (refused.size === 0) throw parsed.error;
    for (const name of refused) {
      delete input[name];
      ignored.push(name);
    }
  }
}
