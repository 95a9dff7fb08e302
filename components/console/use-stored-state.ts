"use client";

import { useCallback, useEffect, useState } from "react";
import type { z } from "zod";

/**
 * State that the browser remembers in localStorage under `key`, such as a table's column choices.
 * The first render uses `initial`, on the server and while hydrating, so both render the same;
 * the stored value, if `schema` accepts it, replaces it once mounted.
 */
export function useStoredState<T>(key: string, schema: z.ZodType<T>, initial: T) {
  const [value, setValue] = useState(initial);
  useEffect(() => {
    const stored = readStored(key);
    const parsed = stored === undefined ? undefined : schema.safeParse(stored);
    if (parsed?.success) setValue(parsed.data);
  }, [key, schema]);
  const update = useCallback(
    (next: T | ((previous: T) => T)) => {
      const resolved = typeof next === "function" ? (next as (previous: T) => T)(value) : next;
      setValue(resolved);
      try {
        localStorage.setItem(key, JSON.stringify(resolved));
      } catch {
        // Storage full or blocked (private browsing): the choice holds for this page only.
      }
    },
    [key, value],
  );
  return [value, update] as const;
}

function readStored(key: string): unknown {
  try {
    const text = localStorage.getItem(key);
    return text === null ? undefined : JSON.parse(text);
  } catch {
    // Blocked storage, or text that is not JSON: as if nothing were stored.
    return undefined;
  }
}
