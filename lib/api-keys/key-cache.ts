// API keys this process has recently found valid, so a busy integration's requests skip the
// key lookup. Revocation stays immediate: the revoking transaction announces the revoked ids on
// a channel every process LISTENs on, PostgreSQL delivers it at commit, and each process forgets
// them (the revoking one at once, without waiting for the round trip). Nothing is remembered
// while the listener is not confirmed, everything is forgotten when it reconnects (it may have
// missed announcements meanwhile), and an entry is checked against the database again after
// KEY_RECHECK_MS whatever happens.
import { type SQL, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { log } from "@/lib/log";

export const API_KEYS_CHANNEL = "tern_api_keys";
const KEY_RECHECK_MS = 60_000;
// A bound on memory, not on correctness: an evicted key is looked up again.
const MAX_REMEMBERED = 10_000;

export type CachedKey = { id: string; workspaceId: string; scopes: string[] };
type Entry = { key: CachedKey; checkedAt: number };

const remembered = new Map<string, Entry>();
// Bumped by every forgetting, so a lookup that raced with a revocation does not remember its answer.
let generation = 0;
let listener: { client: unknown; confirmed: boolean } | undefined;

function forgetAll(): void {
  remembered.clear();
  generation++;
}

/** Forgets the keys with these ids in this process. */
export function forgetKeys(ids: readonly string[]): void {
  if (ids.length === 0) return;
  const revoked = new Set(ids);
  for (const [hash, entry] of remembered) if (revoked.has(entry.key.id)) remembered.delete(hash);
  generation++;
}

/** Starts listening for revocations on the current pool (again, after the pool was replaced). */
function ensureListening(): boolean {
  const client = getDb().$client;
  if (listener?.client === client) return listener.confirmed;
  forgetAll();
  const current = { client, confirmed: false };
  listener = current;
  client
    .listen(
      API_KEYS_CHANNEL,
      (ids) => forgetKeys(ids.split(",")),
      () => {
        // Called on every (re)connect: announcements may have been missed while it was down.
        forgetAll();
        current.confirmed = true;
      },
    )
    .catch((error: unknown) => {
      if (listener === current) listener = undefined;
      log.warn({ err: error }, "Listening for API key revocations failed; keys are looked up on every request until it succeeds");
    });
  return false;
}

/** The remembered key for this hash, if it was found valid within KEY_RECHECK_MS and nothing revoked it since. */
export function rememberedKey(keyHash: string, now = Date.now()): CachedKey | undefined {
  const entry = remembered.get(keyHash);
  if (!entry) return undefined;
  if (now - entry.checkedAt > KEY_RECHECK_MS || !ensureListening()) {
    remembered.delete(keyHash);
    return undefined;
  }
  return entry.key;
}

/**
 * Starts a lookup: returns how to remember its answer, which does nothing when a revocation
 * was announced meanwhile (the answer may predate it) or revocations are not being heard.
 */
export function beginLookup(): (keyHash: string, key: CachedKey) => void {
  const listening = ensureListening();
  const startedAt = generation;
  return (keyHash, key) => {
    if (!listening || generation !== startedAt) return;
    remembered.delete(keyHash);
    remembered.set(keyHash, { key, checkedAt: Date.now() });
    if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
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
