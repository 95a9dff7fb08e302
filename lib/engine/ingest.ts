// Receiving events for the embedded executor: store them once per id and start a run for
// every function they trigger, in one transaction (the caller's, when it passes one).
import { and, inArray, lt, sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db";
import { db } from "@/db";
import { engineEvents, engineRuns, type EngineEventPayload } from "@/db/engine-schema";
import { loadFunctions, type CompiledFunction } from "@/lib/engine/functions";
import { DomainError } from "@/lib/errors";
import { newId, ulid } from "@/lib/ids";

export type IncomingEvent = { id?: string; name: string; data?: Record<string, unknown>; ts?: number; v?: string };

export const ENGINE_CHANNEL = "tern_engine";
const IDEMPOTENCY_WINDOW = sql`interval '24 hours'`;

export class EngineNotReadyError extends DomainError {
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

/** Inserts runs, honouring each function's idempotency key for 24 hours, and wakes the executors. */
export async function insertRuns(tx: Database | Transaction, runs: ReturnType<typeof runFor>[]): Promise<number> {
  if (runs.length === 0) return 0;
  const keyed = runs.filter((run) => run.idempotencyKey !== null);
  if (keyed.length) {
    // A key older than the window no longer blocks a new run.
    await tx
      .update(engineRuns)
      .set({ idempotencyKey: null })
      .where(
        and(
          inArray(engineRuns.idempotencyKey, keyed.map((run) => run.idempotencyKey!)),
          lt(engineRuns.createdAt, sql`now() - ${IDEMPOTENCY_WINDOW}`),
        ),
      );
  }
  const inserted = await tx.insert(engineRuns).values(runs).onConflictDoNothing().returning({ id: engineRuns.id });
  if (inserted.length) await tx.execute(sql`select pg_notify(${ENGINE_CHANNEL}, '')`);
  return inserted.length;
}

/** Stores events (a repeated id is ignored) and starts the runs they trigger; returns the event ids. */
export async function ingestEvents(incoming: IncomingEvent[], tx?: Database | Transaction): Promise<string[]> {
  if (incoming.length === 0) return [];
  const functions = await loadFunctions(tx);
  if (functions.length === 0) throw new EngineNotReadyError();
  const payloads: EngineEventPayload[] = incoming.map((event) => ({
    id: event.id || ulid(),
    name: event.name,
    data: event.data ?? {},
    ts: event.ts ?? Date.now(),
    ...(event.v ? { v: event.v } : {}),
  }));

  const store = async (t: Database | Transaction) => {
    const stored = await t
      .insert(engineEvents)
      .values(payloads.map((payload) => ({ id: payload.id, name: payload.name, payload })))
      .onConflictDoNothing()
      .returning({ id: engineEvents.id });
    const fresh = new Set(stored.map((row) => row.id));
    const runs = payloads
      .filter((payload) => fresh.has(payload.id))
      .flatMap((payload) => functions.filter((fn) => fn.matches(payload)).map((fn) => runFor(fn, payload)));
    await insertRuns(t, runs);
  };
  await (tx ? store(tx) : db.transaction(store));
  return payloads.map((payload) => payload.id);
}
