// API keys this process has recently found valid, so a busy integration's requests skip the
// key lookup. Revocation stays immediate: the revoking transaction announces the revoked ids on
// a channel every process LISTENs on, PostgreSQL delivers it at commit, and each process forgets
// them (the revoking one at once, without waiting for the round trip).
//
// Hearing nothing is not proof that nothing was revoked: the listening connection can die
// without a word. So the process also sends itself an empty announcement every ECHO_EVERY_MS,
// and remembered keys are used only while the last one came back within ECHO_TRUSTED_MS;
// everything is forgotten when the listener reconnects (it may have missed announcements), and
// an entry is checked against the database again after KEY_RECHECK_MS whatever happens.
import { type SQL, sql } from "drizzle-orm";
import { db, getDb } from "@/db";
import type { AuthenticatedKey } from "@/lib/api-keys/api-keys";
import { log } from "@/lib/log";

export const API_KEYS_CHANNEL = "tern_api_keys";
const KEY_RECHECK_MS = 60_000;
const ECHO_EVERY_MS = 1_000;
const ECHO_TRUSTED_MS = 3_000;
// A bound on memory, not on correctness: an evicted key is looked up again.
const MAX_REMEMBERED = 10_000;

type Entry = { key: AuthenticatedKey; checkedAt: number };
type Listener = { client: unknown; heardAt: number };
type KeyCache = {
  remembered: Map<string, Entry>;
  // Bumped by every forgetting, so a lookup that raced with a revocation does not remember its answer.
  generation: number;
  listener?: Listener;
  echo?: NodeJS.Timeout;
};

// On the process's global object, as the database pool is: Next may bundle this module into more
// than one of its server chunks, and they must share one cache and one listener.
const shared = globalThis as typeof globalThis & { ternKeyCache?: KeyCache };
shared.ternKeyCache ??= { remembered: new Map(), generation: 0 };
const cache = shared.ternKeyCache;

function forgetAll(): void {
  cache.remembered.clear();
  cache.generation++;
}

/** Forgets the keys with these ids in this process. */
export function forgetKeys(ids: readonly string[]): void {
  if (ids.length === 0) return;
  const revoked = new Set(ids);
  for (const [hash, entry] of cache.remembered) if (revoked.has(entry.key.id)) cache.remembered.delete(hash);
  cache.generation++;
}

function sendEcho(): void {
  db.execute(sql`select pg_notify(${API_KEYS_CHANNEL}, '')`).catch((error: unknown) =>
    log.warn({ err: error }, "Checking the API key revocation listener failed; remembered keys are not used until it answers"),
  );
}

/** Listens for revocations on the current pool (again, after the pool was replaced); true while it is known to hear them. */
function listening(now: number): boolean {
  const client = getDb().$client;
  const current = cache.listener;
  if (current?.client === client) return now - current.heardAt < ECHO_TRUSTED_MS;
  forgetAll();
  const listener: Listener = { client, heardAt: 0 };
  cache.listener = listener;
  const heard = () => {
    if (cache.listener === listener) listener.heardAt = Date.now();
  };
  client
    .listen(
      API_KEYS_CHANNEL,
      (ids) => {
        heard();
        if (ids) forgetKeys(ids.split(","));
      },
      () => {
        // Called on every (re)connect: announcements may have been missed while it was down.
        forgetAll();
        heard();
      },
    )
    .catch((error: unknown) => {
      if (cache.listener === listener) cache.listener = undefined;
      log.warn({ err: error }, "Listening for API key revocations failed; keys are looked up on every request until it succeeds");
    });
  cache.echo ??= setInterval(sendEcho, ECHO_EVERY_MS).unref();
  return false;
}

/** The remembered key for this hash, if it was found valid within KEY_RECHECK_MS and nothing revoked it since. */
export function rememberedKey(keyHash: string, now = Date.now()): AuthenticatedKey | undefined {
  const entry = cache.remembered.get(keyHash);
  if (!entry) return undefined;
  if (now - entry.checkedAt > KEY_RECHECK_MS || !listening(now)) {
    cache.remembered.delete(keyHash);
    return undefined;
  }
  return entry.key;
}

/**
 * Starts a lookup: returns how to remember its answer, which does nothing when a revocation
 * was announced meanwhile (the answer may predate it) or revocations are not being heard.
 */
export function beginLookup(): (keyHash: string, key: AuthenticatedKey) => void {
  const heard = listening(Date.now());
  const startedAt = cache.generation;
  return (keyHash, key) => {
    if (!heard || cache.generation !== startedAt) return;
    cache.remembered.delete(keyHash);
    cache.remembered.set(keyHash, { key, checkedAt: Date.now() });
    if (cache.remembered.size > MAX_REMEMBERED) cache.remembered.delete(cache.remembered.keys().next().value!);
  };
}

// A notification's payload holds at most 8,000 bytes; ids are about 30 characters.
const IDS_PER_ANNOUNCEMENT = 200;

/**
 * Announces revoked key ids to every process; in the caller's transaction, PostgreSQL delivers
 * them at its commit. The caller forgets them in its own process (forgetKeys) once committed.
 */
export async function announceRevokedKeys(tx: { execute: (query: SQL) => Promise<unknown> }, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += IDS_PER_ANNOUNCEMENT) {
    await tx.execute(sql`select pg_notify(${API_KEYS_CHANNEL}, ${ids.slice(i, i + IDS_PER_ANNOUNCEMENT).join(",")})`);
  }
}
