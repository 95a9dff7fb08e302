import { and, eq, gt, isNull, lte, sql } from "drizzle-orm";
import { db, isUniqueViolation } from "@/db";
import { eventTypes, events, workspaces, type Event } from "@/db/schema";
import { sendEngineEvents } from "@/lib/engine/send-events";
import { deliveryRequestEvents } from "@/lib/deliveries/request-delivery";
import { engineMode } from "@/lib/engine/config";
import { releaseExpiredKeys, runStart } from "@/lib/engine/ingest";
import { wakeExecutors } from "@/lib/engine/wake";
import { DomainError } from "@/lib/errors";
import { deliveriesInsert, inlineFanOutEndpoints, newTargets } from "@/lib/events/fan-out";
import { MAX_EVENT_DATA_BYTES, type PublishEventInput } from "@/lib/events/schemas";
import { newId } from "@/lib/ids";

export const EVENT_PUBLISHED = "tern/event.published";
const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;

function fanOutEvent(event: Pick<Event, "id" | "workspaceId">) {
  // The id makes the engine start one fan-out per event however often this is sent.
  return { id: `fan-out-${event.id}`, name: EVENT_PUBLISHED, data: { eventId: event.id, workspaceId: event.workspaceId } };
}

/** Unless the workspace is in strict mode, any type; in strict mode, only types in its catalog. */
function typeAllowed(workspaceId: string, type: string) {
  return sql`not exists (
    select 1 from ${workspaces} w where w.id = ${workspaceId} and w.strict_event_types
      and not exists (select 1 from ${eventTypes} t where t.workspace_id = ${workspaceId} and t.name = ${type}))`;
}

async function findLiveDuplicate(workspaceId: string, idempotencyKey: string) {
  const [existing] = await db
    .select()
    .from(events)
    .where(
      and(
        eq(events.workspaceId, workspaceId),
        eq(events.idempotencyKey, idempotencyKey),
        gt(events.createdAt, new Date(Date.now() - IDEMPOTENCY_WINDOW_MS)),
      ),
    );
  return existing;
}

type StoredEventRow = {
  started?: number;
  id: string;
  workspace_id: string;
  type: string;
  data: Record<string, unknown>;
  occurred_at: string | Date;
  idempotency_key: string | null;
  dispatched_at: string | Date | null;
  created_at: string | Date;
};

function storedEvent(row: StoredEventRow): Event {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    type: row.type,
    data: row.data,
    occurredAt: new Date(row.occurred_at),
    idempotencyKey: row.idempotency_key,
    dispatchedAt: row.dispatched_at === null ? null : new Date(row.dispatched_at),
    createdAt: new Date(row.created_at),
  };
}

/** Hands a stored event to the engine for fan-out, unless that already happened. */
async function dispatch(event: Event): Promise<Event> {
  if (event.dispatchedAt) return event;
  await sendEngineEvents([fanOutEvent(event)]);
  const [dispatched] = await db
    .update(events)
    .set({ dispatchedAt: new Date() })
    .where(and(eq(events.id, event.id), isNull(events.dispatchedAt)))
    .returning();
  return dispatched ?? event;
}

async function releaseExpiredKey(workspaceId: string, idempotencyKey: string) {
  await db
    .update(events)
    .set({ idempotencyKey: null })
    .where(
      and(
        eq(events.workspaceId, workspaceId),
        eq(events.idempotencyKey, idempotencyKey),
        lte(events.createdAt, new Date(Date.now() - IDEMPOTENCY_WINDOW_MS)),
      ),
    );
}

/**
 * Stores the event in one statement. Embedded, the same statement starts its delivery: for a few
 * subscribers their deliveries and delivery requests, for more the fan-out function, which
 * creates the deliveries in batches. The strict catalog check is part of the insert: no row
 * means the type is not allowed, and nothing else is written.
 */
async function storeEvent(workspaceId: string, input: PublishEventInput, options: { operational?: boolean }): Promise<Event> {
  const embedded = engineMode() === "embedded";
  const id = newId("evt");
  const endpointIds = embedded ? await inlineFanOutEndpoints(db, { workspaceId, type: input.type }) : null;
  const targets = endpointIds ? newTargets(endpointIds) : [];
  const requests = !embedded ? [] : endpointIds ? deliveryRequestEvents(targets, "scheduled") : [fanOutEvent({ id, workspaceId })];
  // Every request names a row this statement creates, so none can have been sent before.
  const start = requests.length > 0 ? await runStart(requests, { newIds: true, guard: sql`exists (select 1 from ev)` }) : null;
  if (start) await releaseExpiredKeys(db, start.runs);
  const [row] = await db.execute<StoredEventRow>(sql`
    with ev as (
      insert into events (id, workspace_id, type, data, occurred_at, idempotency_key, dispatched_at)
      select ${id}, ${workspaceId}, ${input.type}, ${JSON.stringify(input.data)}::jsonb,
        coalesce(${input.occurredAt ?? null}::timestamptz, now()), ${input.idempotencyKey ?? null}, ${embedded ? sql`now()` : sql`null`}
      where ${options.operational ? sql`true` : typeAllowed(workspaceId, input.type)}
      returning id, workspace_id, type, data, occurred_at, idempotency_key, dispatched_at, created_at)
    ${targets.length > 0 ? sql`, delivered as (${deliveriesInsert(sql`ev`, targets)})` : sql``}
    ${start ? sql`, ${start.ctes}` : sql``}
    select ev.*${start ? sql`, ${start.startedCount} as started` : sql``} from ev`);
  if (!row) throw new DomainError("invalid", `"${input.type}" is not in this workspace's event type catalog (strict mode is on).`, "type");
  if (row.started) wakeExecutors();
  return storedEvent(row);
}

/**
 * Publishes an event: validates it, honours the idempotency key (a repeat within 24 hours
 * returns the original event and creates no deliveries), stores it and starts its fan-out.
 */
export async function publishEvent(
  workspaceId: string,
  input: PublishEventInput,
  /** Tern's own operational events skip the strict catalog check. */
  options: { operational?: boolean } = {},
): Promise<{ event: Event; created: boolean }> {
  const size = Buffer.byteLength(JSON.stringify(input.data));
  if (size > MAX_EVENT_DATA_BYTES) {
    throw new DomainError("too_large", `data is ${size} bytes serialized; the limit is ${MAX_EVENT_DATA_BYTES}.`, "data");
  }

  if (input.idempotencyKey) {
    const existing = await findLiveDuplicate(workspaceId, input.idempotencyKey);
    if (existing) return { event: await dispatch(existing), created: false };
  }

  const embedded = engineMode() === "embedded";
  try {
    // An expired key may be used again: release it from the old event.
    if (input.idempotencyKey) await releaseExpiredKey(workspaceId, input.idempotencyKey);
    const event = await storeEvent(workspaceId, input, options);
    return { event: embedded ? event : await dispatch(event), created: true };
  } catch (error) {
    // Two publishes with one key at the same moment: the loser returns the winner's event.
    if (input.idempotencyKey && isUniqueViolation(error)) {
      const existing = await findLiveDuplicate(workspaceId, input.idempotencyKey);
      if (existing) return { event: await dispatch(existing), created: false };
    }
    throw error;
  }
}
