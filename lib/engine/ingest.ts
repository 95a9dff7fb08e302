// Receiving events for the embedded executor: store them once per id and start a run for
// every function they trigger, in one transaction (the caller's, when it passes one).
import { and, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db";
import { db } from "@/db";
import { type EngineEventPayload, engineEvents, engineRuns } from "@/db/engine-schema";
import { columnList } from "@/db/sql";
import { type CompiledFunction, loadFunctions } from "@/lib/engine/functions";
import { wakeExecutors } from "@/lib/engine/wake";
import { DomainError } from "@/lib/errors";
import { newId, ulid } from "@/lib/ids";

export type IncomingEvent = { id?: string; name: string; data?: Record<string, unknown>; ts?: number; v?: string };

const IDEMPOTENCY_WINDOW = sql`interval '24 hours'`;

class EngineNotReadyError extends DomainError {
  constructor() {
    super("unavailable", "The delivery engine is starting and has not loaded its functions yet; try again in a moment.");
  }
}

export function runFor(fn: CompiledFunction, event: EngineEventPayload, runAt = new Date()) {
  return {
    id: newId("run"),
    functionId: fn.id,
    event,
    runAt,
    concurrencyKey: fn.concurrencyKeyOf(event) ?? null,
    concurrencyLimit: fn.concurrency?.limit ?? null,
    idempotencyKey: fn.idempotencyKeyOf(event) ?? null,
    batchKey: fn.batchKeyOf(event) ?? null,
  };
}

/** A function's idempotency key older than the window no longer blocks a new run. */
export async function releaseExpiredKeys(tx: Database | Transaction, runs: ReturnType<typeof runFor>[]): Promise<void> {
  const keys = runs.flatMap((run) => (run.idempotencyKey === null ? [] : [run.idempotencyKey]));
  if (keys.length === 0) return;
  await tx
    .update(engineRuns)
    .set({ idempotencyKey: null })
    .where(and(inArray(engineRuns.idempotencyKey, keys), lt(engineRuns.createdAt, sql`now() - ${IDEMPOTENCY_WINDOW}`)));
}

/** Inserts runs, honouring each function's idempotency key for 24 hours; wake the executors after commit. */
export async function insertRuns(tx: Database | Transaction, runs: ReturnType<typeof runFor>[]): Promise<number> {
  if (runs.length === 0) return 0;
  await releaseExpiredKeys(tx, runs);
  const inserted = await tx.insert(engineRuns).values(runs).onConflictDoNothing().returning({ id: engineRuns.id });
  return inserted.length;
}

export type RunStart = {
  ids: string[];
  runs: (ReturnType<typeof runFor> & { eventId: string })[];
  /** CTEs `stored` (the events; left out for `newIds`) and `started` (the runs), for a `with` clause. */
  ctes: SQL;
  /** A scalar expression: how many runs started (wake the executors after commit when any did). */
  startedCount: SQL;
};

/**
 * The parts of one statement that stores events (a repeated id is ignored) and starts the runs
 * they trigger; a live idempotency key starts none. `newIds`: the caller guarantees the ids were
 * never sent before (they name rows the same statement or transaction creates), so nothing is
 * stored to recognise a repeat. `guard`: a condition every run needs, e.g. that a row the
 * statement inserts exists. Run `releaseExpiredKeys` for `runs` first. This is how a caller's
 * statement starts runs in the same round trip as its own writes (publishing does, through
 * executeWithEvents in inngest/send.ts).
 */
export async function runStart(
  incoming: IncomingEvent[],
  { newIds = false, guard }: { newIds?: boolean; guard?: SQL } = {},
  tx: Database | Transaction = db,
): Promise<RunStart> {
  const functions = await loadFunctions(tx);
  if (functions.length === 0) throw new EngineNotReadyError();
  const payloads: EngineEventPayload[] = incoming.map((event) => ({
    id: event.id || ulid(),
    name: event.name,
    data: event.data ?? {},
    ts: event.ts ?? Date.now(),
    ...(event.v ? { v: event.v } : {}),
  }));
  const runs = payloads.flatMap((payload) => functions.filter((fn) => fn.matches(payload)).map((fn) => ({ ...runFor(fn, payload), eventId: payload.id })));

  const stored = sql`
    insert into ${engineEvents} (${columnList(engineEvents.id, engineEvents.name, engineEvents.payload)})
    select id, name, payload from jsonb_to_recordset(${JSON.stringify(payloads.map((payload) => ({ id: payload.id, name: payload.name, payload })))}::jsonb)
      as e(id text, name text, payload jsonb)
    on conflict do nothing
    returning ${engineEvents.id}`;
  const conditions = [...(newIds ? [] : [sql`"eventId" in (select id from stored)`]), ...(guard ? [guard] : [])];
  const started = sql`
    insert into ${engineRuns} (${columnList(engineRuns.id, engineRuns.functionId, engineRuns.event, engineRuns.runAt, engineRuns.concurrencyKey, engineRuns.concurrencyLimit, engineRuns.idempotencyKey, engineRuns.batchKey)})
    select id, "functionId", event, "runAt", "concurrencyKey", "concurrencyLimit", "idempotencyKey", "batchKey"
    from jsonb_to_recordset(${JSON.stringify(runs)}::jsonb)
      as r(id text, "functionId" text, event jsonb, "runAt" timestamptz, "concurrencyKey" text, "concurrencyLimit" int,
        "idempotencyKey" text, "batchKey" text, "eventId" text)
    ${conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``}
    on conflict do nothing
    returning 1`;
  return {
    ids: payloads.map((payload) => payload.id),
    runs,
    ctes: newIds ? sql`started as (${started})` : sql`stored as (${stored}), started as (${started})`,
    startedCount: sql`(select count(*)::int from started)`,
  };
}

/**
 * Stores events (a repeated id is ignored) and starts the runs they trigger; returns the event
 * ids. In the caller's transaction `tx`, the caller wakes the executors once it has committed.
 */
export async function ingestEvents(incoming: IncomingEvent[], tx?: Database | Transaction): Promise<string[]> {
  if (incoming.length === 0) return [];
  const start = await runStart(incoming, {}, tx);
  const store = async (t: Database | Transaction) => {
    await releaseExpiredKeys(t, start.runs);
    const [row] = await t.execute<{ started: number }>(sql`with ${start.ctes} select ${start.startedCount} as started`);
    return row?.started ?? 0;
  };
  if (tx) await store(tx);
  else if ((await db.transaction(store)) > 0) wakeExecutors();
  return start.ids;
}
