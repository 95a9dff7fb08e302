import { z } from "zod";

// Characters that draw nothing or reorder the text around them: zero-width spaces and joiners,
// directional marks, embeddings, overrides and isolates, the word joiner and invisible operators,
// the soft hyphen and the byte order mark. In a name they only hide what it really says (two
// tenants that look alike, a key name that reads backwards), so they are removed.
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
// Line breaks, tabs and other control characters have no place in a one-line name: each becomes a space.
const CONTROL = /\p{Cc}/gu;

/** A name as it will be shown: invisible and bidi control characters removed, controls made spaces, trimmed. */
export function cleanDisplayName(name: string): string {
  return name.replace(INVISIBLE, "").replace(CONTROL, " ").trim();
}

/**
 * A name people read in the console or the API (a workspace's, a tenant's, an API key's, a person's):
 * cleaned as `cleanDisplayName` does, limited to `max` characters and, with `required` (what to
 * enter), not empty. It stays a string schema, so `.optional()`, `.describe()` and JSON Schema
 * work as for any other.
 */
export function displayName({ required, max }: { required?: string; max: number }) {
  const cleaned = z
    .string()
    .refine((name) => name.trim() === "" || cleanDisplayName(name) !== "", {
      error: "This name has only invisible or control characters: use letters people can see.",
      abort: true,
    })
    .overwrite(cleanDisplayName);
  const atMostMax = (schema: z.ZodString) =>
    schema.max(max, { error: (issue) => `Use at most ${max} characters (this one has ${(issue.input as string).length}).` });
  return required === undefined ? atMostMax(cleaned) : atMostMax(cleaned.min(1, { error: required }));
}
