// Handing stored events to an Inngest server, which happens after the statement that stored them
// has committed (the embedded engine starts their runs in that statement instead). `dispatched_at`
// records the hand-over, so an event whose send failed, or whose publisher died before sending,
// keeps it null; the sweeper (inngest/functions/redispatch-events.ts) sends those again. Every
// event's send carries the id of its fan-out (see eventPublishedEvent), which the engine
// deduplicates, an Inngest server for 24 hours: sending one twice starts one fan-out, and a fan-out
// run again creates no delivery twice.
import { and, isNull, lt, sql } from "drizzle-orm";
import { db } from "@/db";
import { type Event, events } from "@/db/schema";
import { eventPublishedEvent } from "@/inngest/events";
import { SEND_BATCH, sendEvents } from "@/inngest/send";
import { log } from "@/lib/log";
import { countRedispatchedEvents } from "@/lib/metrics/registry";

/**
 * How old an undispatched event must be before the sweeper sends it: the publish that stored it
 * has long finished its own send by then, or given up on it.
 */
export const REDISPATCH_GRACE_SECONDS = 30;

/** At most this many events are swept at once: one send, one update. */
export const REDISPATCH_BATCH = SEND_BATCH;

type Dispatchable = Pick<Event, "id" | "workspaceId" | "dispatchedAt">;

/**
 * Sends the fan-out of each event not yet handed over, then records that it was; returns the
 * events as they are now. A send that fails throws and leaves them undispatched.
 */
export async function dispatchEvents<T extends Dispatchable>(stored: T[]): Promise<T[]> {
  const pending = stored.filter((event) => !event.dispatchedAt);
  if (pending.length === 0) return stored;
  await sendEvents(pending.map((event) => eventPublishedEvent(event)));
  const marked = await db
    .update(events)
    .set({ dispatchedAt: sql`now()` })
    // One array parameter, so the statement has one shape however many events it marks.
    .where(and(sql`${events.id} = any(${sql.param(pending.map((event) => event.id))}::text[])`, isNull(events.dispatchedAt)))
    .returning({ id: events.id, dispatchedAt: events.dispatchedAt });
  const dispatchedAt = new Map(marked.map((event) => [event.id, event.dispatchedAt]));
  return stored.map((event) => (dispatchedAt.has(event.id) ? { ...event, dispatchedAt: dispatchedAt.get(event.id)! } : event));
}

const HAND_OVER_WARNING_INTERVAL_MS = 10_000;
let lastWarnedAt = -Infinity;
// Events left to the sweeper since the last warning, which reports them.
let leftToSweeper = 0;

/**
 * Publishing's hand-over: like dispatchEvents, but a send that fails is logged and the events are
 * returned undispatched. They are stored, so the publisher is told so; the sweeper sends them.
 */
export async function dispatchOrLeaveToSweeper<T extends Dispatchable>(stored: T[]): Promise<T[]> {
  try {
    return await dispatchEvents(stored);
  } catch (error) {
    leftToSweeper += stored.filter((event) => !event.dispatchedAt).length;
    // At most one line per interval: while the server is down, every publish fails the same way.
    if (Date.now() - lastWarnedAt >= HAND_OVER_WARNING_INTERVAL_MS) {
      lastWarnedAt = Date.now();
      // The error alone, never the events: their payloads are the publisher's data.
      log.warn({ err: error, events: leftToSweeper }, "Handing stored events to the engine failed; they are stored, and the sweeper sends them again");
      leftToSweeper = 0;
    }
    return stored;
  }
}

/**
 * One sweep: sends the oldest events that have waited for their hand-over longer than the grace
 * period, up to REDISPATCH_BATCH of them, and returns how many it handed over. Every workspace's:
 * this is the engine's housekeeping, and it reads only ids. A send that fails throws, for the
 * sweeping function to retry.
 */
export async function redispatchWaitingEvents(): Promise<number> {
  const waiting = await db
    .select({ id: events.id, workspaceId: events.workspaceId, dispatchedAt: events.dispatchedAt })
    .from(events)
    .where(and(isNull(events.dispatchedAt), lt(events.createdAt, sql`now() - make_interval(secs => ${REDISPATCH_GRACE_SECONDS})`)))
    .orderBy(events.createdAt)
    .limit(REDISPATCH_BATCH);
  const dispatched = (await dispatchEvents(waiting)).filter((event) => event.dispatchedAt).length;
  countRedispatchedEvents(dispatched);
  return dispatched;
}
