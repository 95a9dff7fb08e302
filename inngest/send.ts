// Handing events to whichever engine runs the functions. Embedded, an event is a row the executor
// claims; against an Inngest server it is an HTTP request through the SDK's client.
import { type SQL, sql } from "drizzle-orm";
import { db, type Transaction } from "@/db";
import { inngest } from "@/inngest/client";
import type { EngineEvent } from "@/inngest/events";
import { setting } from "@/lib/config/settings";
import { ingestEvents, releaseExpiredKeys, runStart } from "@/lib/engine/ingest";
import { wakeExecutors } from "@/lib/engine/wake";

// Large sends (a recover of 10,000 deliveries) go in parts, each a statement or request of its own.
export const SEND_BATCH = 500;

function inBatches(events: EngineEvent[]): EngineEvent[][] {
  return Array.from({ length: Math.ceil(events.length / SEND_BATCH) }, (_, i) => events.slice(i * SEND_BATCH, (i + 1) * SEND_BATCH));
}

export async function sendEvents(events: EngineEvent[]): Promise<void> {
  for (const batch of inBatches(events)) {
    if (setting("TERN_ENGINE") === "embedded") await ingestEvents(batch);
    else await inngest.send(batch.map((event) => ({ ...event, data: event.data ?? {} })));
  }
}

/** True when the engine starts runs in the statement that writes what they concern (embedded), so nothing written can be left without its run. */
export function runsStartInStatement(): boolean {
  return setting("TERN_ENGINE") === "embedded";
}

export type StatementWithEvents = {
  /** The statement's CTEs: the rows the events concern. */
  with: SQL;
  /** The CTE whose rows the statement returns. */
  returning: SQL;
  /** What the CTEs must have done for the events to count, e.g. `exists (select 1 from ev)`. */
  sendIf: SQL;
};

/**
 * The seam that keeps publishing to one round trip: runs one `with …` statement and, embedded,
 * starts the runs of `events` in it (every event id must name a row the statement creates, so none
 * can have been sent before), waking the executors after it. Against an Inngest server the
 * statement runs alone and nothing is sent: what it writes must record that its events are still
 * to be handed over, and the caller sends them once it has committed (lib/events/dispatch.ts), so
 * a send that fails leaves them for the sweeper. `build` learns which: `sentInStatement` is true
 * when the statement itself is the send.
 */
export async function executeWithEvents(events: EngineEvent[], build: (sentInStatement: boolean) => StatementWithEvents): Promise<Record<string, unknown>[]> {
  const embedded = runsStartInStatement();
  const statement = build(embedded);
  if (!embedded || events.length === 0) return db.execute(sql`with ${statement.with} select * from ${statement.returning}`);
  const start = await runStart(events, { newIds: true, guard: statement.sendIf });
  await releaseExpiredKeys(db, start.runs);
  const rows = await db.execute<{ runs_started: number }>(
    sql`with ${statement.with}, ${start.ctes} select *, ${start.startedCount} as runs_started from ${statement.returning}`,
  );
  if (rows[0]?.runs_started) wakeExecutors();
  return rows;
}

/**
 * Runs `work` in a transaction; the events it passes to `send` are part of it. Embedded, they
 * commit or roll back with the transaction. Against an Inngest server they are sent as its last
 * step, so a send that fails rolls the transaction back (its audit row included); a commit that
 * fails after the send leaves events naming rows that do not exist, which the functions ignore.
 */
export async function transactionWithEvents<T>(work: (tx: Transaction, send: (events: EngineEvent[]) => void) => Promise<T>): Promise<T> {
  const embedded = runsStartInStatement();
  const pending: EngineEvent[] = [];
  const result = await db.transaction(async (tx) => {
    const value = await work(tx, (events) => pending.push(...events));
    if (embedded) for (const batch of inBatches(pending)) await ingestEvents(batch, tx);
    else await sendEvents(pending);
    return value;
  });
  if (embedded && pending.length) wakeExecutors();
  return result;
}
