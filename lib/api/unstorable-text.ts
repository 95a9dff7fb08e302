/** Where in a value a string PostgreSQL cannot store was found, and why. */
export type UnstorableText = { path: (string | number)[]; message: string };

const NUL_OR_LONE_SURROGATE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text with its NUL characters and unpaired surrogates written as \u escapes, so an error message can quote it. */
export function printable(text: string): string {
  return text.replace(NUL_OR_LONE_SURROGATE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function whyUnstorable(text: string): string | undefined {
  // PostgreSQL's text and jsonb refuse U+0000, and an unpaired surrogate is no Unicode at all.
  if (text.includes("\0")) return "contains a NUL character (\\u0000)";
  if (!text.isWellFormed()) return "contains an unpaired UTF-16 surrogate, which is not valid Unicode";
  return undefined;
}

type Pending = { value: unknown; key: string | number | undefined; parent: Pending | undefined };

function pathOf(node: Pending): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: Pending | undefined = node; at?.key !== undefined; at = at.parent) path.unshift(at.key);
  return path;
}

/**
 * The first string or object key in a decoded JSON value (a body, a query, route params) that
 * PostgreSQL cannot store. Walks with a stack of its own, so no nesting can overflow it.
 */
export function findUnstorableText(value: unknown): UnstorableText | undefined {
  const stack: Pending[] = [{ value, key: undefined, parent: undefined }];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (typeof node.value === "string") {
      const why = whyUnstorable(node.value);
      if (why) return { path: pathOf(node), message: `The value ${why}.` };
    } else if (Array.isArray(node.value)) {
      for (let i = node.value.length - 1; i >= 0; i--) stack.push({ value: node.value[i], key: i, parent: node });
    } else if (node.value !== null && typeof node.value === "object") {
      const entries = Object.entries(node.value);
      for (const [key] of entries) {
        const why = whyUnstorable(key);
        if (why) return { path: [...pathOf(node), key], message: `The key ${why}.` };
      }
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], key: entries[i]![0], parent: node });
    }
  }
  return undefined;
}
