// What a receiver answered, in a form that can always be stored and shown: PostgreSQL's text and
// jsonb refuse NUL and unpaired surrogates, and a receiver may send any bytes at all.

const MAX_RESPONSE_HEADERS = 100;
/** Characters of names and values kept of the response headers (8 KiB of ASCII). */
const MAX_RESPONSE_HEADERS_LENGTH = 8 * 1024;
// Control characters other than tab: invisible in the console, and NUL is refused by jsonb.
const CONTROL_CHARACTERS = /[^\P{Cc}\t]/gu;
const REPLACEMENT = "\uFFFD";

type ResponseBody = {
  text: string;
  /** The body was not UTF-8 text (binary or compressed data, NUL bytes): `text` shows its unreadable bytes as U+FFFD. */
  binary: boolean;
};

/**
 * The body as text. A body cut at the size limit (`truncated`) drops a last character cut in
 * half rather than calling the whole body binary.
 */
export function decodeResponseBody(bytes: Uint8Array, truncated: boolean): ResponseBody {
  const options = { stream: truncated };
  let text: string;
  let binary = false;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes, options);
  } catch {
    // Not UTF-8: decoded again with each unreadable sequence replaced.
    text = new TextDecoder("utf-8").decode(bytes, options);
    binary = true;
  }
  if (text.includes("\u0000")) return { text: text.replaceAll("\u0000", REPLACEMENT), binary: true };
  return { text, binary };
}

/** Text PostgreSQL accepts in text and jsonb columns: NUL and unpaired surrogates become U+FFFD. */
export function storableText(text: string): string {
  return text.includes("\u0000") || !text.isWellFormed() ? text.replaceAll("\u0000", REPLACEMENT).toWellFormed() : text;
}

/**
 * The response headers as recorded: repeated ones joined, values read as UTF-8 where they are
 * (HTTP hands them over as Latin-1), control characters dropped, at most 100 headers and 8 KiB;
 * a value that overflows is cut and ends in "…".
 */
export function recordedResponseHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const kept: [string, string][] = [];
  let room = MAX_RESPONSE_HEADERS_LENGTH;
  for (const [rawName, rawValue] of Object.entries(raw)) {
    if (rawValue === undefined) continue;
    if (kept.length === MAX_RESPONSE_HEADERS) break;
    const name = printable(rawName);
    const value = printable(utf8OrLatin1(Array.isArray(rawValue) ? rawValue.join(", ") : rawValue));
    const valueRoom = room - name.length;
    if (valueRoom <= 0) break;
    kept.push([name, value.length > valueRoom ? `${value.slice(0, valueRoom - 1)}…` : value]);
    room = valueRoom - value.length;
  }
  // fromEntries, so a header named __proto__ is a header like any other.
  return Object.fromEntries(kept);
}

function printable(text: string): string {
  return text.replace(CONTROL_CHARACTERS, "");
}

function utf8OrLatin1(value: string): string {
  if (!/[^\p{ASCII}]/u.test(value)) return value;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(value, "latin1"));
  } catch {
    // Not UTF-8: Latin-1, as HTTP defines header bytes.
    return value;
  }
}
