import { randomFillSync } from "node:crypto";

// Prefixed, time-sortable IDs: prefix + ULID (48-bit ms timestamp + 80 random bits,
// Crockford base32, lowercase). Monotonic within a process so IDs made in the same
// millisecond still sort in creation order.
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

export type IdPrefix = "ws" | "usr" | "key" | "et" | "ep" | "evt" | "dlv" | "att" | "aud" | "msg" | "run" | "inv" | "tnt" | "pts" | "alt" | "ach";

let lastTime = -1;
const lastRandom = new Uint8Array(10);

// Random bytes are drawn from the system a pool at a time: a call per id costs more than the
// rest of making it, and the worker makes one per attempt.
const pool = new Uint8Array(4096);
let poolOffset = pool.length;

/** The id's 80 random bits: fresh in a new millisecond, the last ones plus one within the same. */
function nextRandom(time: number): Uint8Array {
  if (time !== lastTime) {
    lastTime = time;
    if (poolOffset + lastRandom.length > pool.length) {
      randomFillSync(pool);
      poolOffset = 0;
    }
    lastRandom.set(pool.subarray(poolOffset, poolOffset + lastRandom.length));
    poolOffset += lastRandom.length;
    return lastRandom;
  }
  for (let i = lastRandom.length - 1; i >= 0; i--) {
    lastRandom[i] = (lastRandom[i]! + 1) & 0xff;
    if (lastRandom[i] !== 0) break;
  }
  return lastRandom;
}

export function ulid(time = Date.now()): string {
  let out = "";
  let t = time;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  // 80 random bits as 16 base32 characters, 5 bits at a time.
  const random = nextRandom(time);
  let bits = 0;
  let value = 0;
  for (const byte of random) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
      value &= (1 << bits) - 1;
    }
  }
  return out;
}

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid()}`;
}

/** The shape newId gives ids (of one prefix, or any): a string of another shape names no row. */
export function idPattern(prefix?: IdPrefix): RegExp {
  return new RegExp(`^${prefix ?? "[a-z]{2,3}"}_[${ALPHABET}]{26}$`);
}
