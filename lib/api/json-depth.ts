const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/** An open object (with where its current key's token lies) or array (with its current index). */
type Level = { array: boolean; index: number; keyStart: number; keyEnd: number };

function keyAt(text: string, level: Level): string {
  const token = text.slice(level.keyStart, level.keyEnd);
  try {
    return JSON.parse(token) as string;
  } catch {
    // A key with a bad escape: JSON.parse refuses the whole text later; name it as written.
    return token.slice(1, -1);
  }
}

/**
 * The path of the first object or array nested deeper than `maxDepth` in JSON text, found by one
 * scan of the raw text: JSON.parse, zod, JSON.stringify and PostgreSQL all recurse, and a body of
 * ten thousand brackets would take them down. Undefined when the text nests no deeper.
 */
export function pathBeyondDepth(text: string, maxDepth: number): (string | number)[] | undefined {
  const levels: Level[] = [];
  let stringStart = -1;
  let lastStringStart = 0;
  let lastStringEnd = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (stringStart >= 0) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) {
        lastStringStart = stringStart;
        lastStringEnd = i + 1;
        stringStart = -1;
      }
      continue;
    }
    const level = levels.at(-1);
    if (code === QUOTE) stringStart = i;
    else if (code === COLON && level && !level.array) {
      level.keyStart = lastStringStart;
      level.keyEnd = lastStringEnd;
    } else if (code === COMMA && level?.array) level.index++;
    else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      if (levels.length === maxDepth) return levels.map((open) => (open.array ? open.index : keyAt(text, open)));
      levels.push({ array: code === OPEN_ARRAY, index: 0, keyStart: 0, keyEnd: 0 });
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) levels.pop();
  }
  return undefined;
}
