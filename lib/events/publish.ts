// Publishing an event: one statement stores it, creates its deliveries when few endpoints match,
// and (with the embedded engine) starts what delivers them; see executeWithEvents.
import { and, eq, gt, isNull, lte, type SQL, sql } from "drizzle-orm";
import { db, isForeignKeyViolation, isUniqueViolation } from "@/db";
import { type Event, events, tenants } from "@/db/schema";
import { columnList, rowOf, unqualified } from "@/db/sql";
import { eventPublishedEvent } from "@/inngest/events";
import { executeWithEvents, sendEvents } from "@/inngest/send";
import { DomainError } from "@/lib/errors";
import { operationalTypeRefusal } from "@/lib/event-types/built-in";
import { admitEvent } from "@/lib/event-types/strict-mode";
import { type FanOutPlan, planFanOut, planForNewTenant } from "@/lib/events/fan-out";
import { MAX_EVENT_DATA_BYTES, type PublishEventInput } from "@/lib/events/schemas";
import { newId } from "@/lib/ids";
import { TENANT_ID_PATTERN } from "@/lib/tenants/schemas";
import { annotateActiveSpan } from "@/lib/tracing/spans";

const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;
// How many times an event is admitted again when strict mode or its type's schema changes as it is stored.
const MAX_ADMISSIONS = 3;

async function findLiveDuplicate(workspaceId: string, idempotencyKey: string) {
  const [existing] = await db
    .select()
    .from(events)
    .where(
      and(eq(events.workspaceId, workspaceId), eq(events.idempotencyKey, idempotencyKey), gt(events.createdAt, new Date(Date.now() - IDEMPOTENCY_WINDOW_MS))),
    );
  return existing;
}

async function markDispatched(event: Event): Promise<Event> {
  const [dispatched] = await db
    .update(events)
    .set({ dispatchedAt: new Date() })
    .where(and(eq(events.id, event.id), isNull(events.dispatchedAt)))
    .returning();
  return dispatched ?? event;
}

/** A stored event whose hand-off to the engine failed goes to the fan-out function when published again. */
async function dispatch(event: Event): Promise<Event> {
  if (event.dispatchedAt) return event;
  await sendEvents([eventPublishedEvent(event)]);
  return markDispatched(event);
}

async function releaseExpiredKey(workspaceId: string, idempotencyKey: string) {
  await db
    .update(events)
    .set({ idempotencyKey: null })
    .where(
      and(eq(events.workspaceId, workspaceId), eq(events.idempotencyKey, idempotencyKey), lte(events.createdAt, new Date(Date.now() - IDEMPOTENCY_WINDOW_MS))),
    );
}

/** The event's tenant: one that exists, or one the publishing statement creates for a key seen for the first time. */
type EventTenant = { id: string; create?: false } | { key: string; create: true };

/** Where the event goes: its tenant's (or the workspace's own) endpoints, or none for a tenant this statement creates. */
async function routeEvent(
  event: { id: string; workspaceId: string; type: string },
  ref: string | undefined,
): Promise<{ tenant: EventTenant | null; fanOut: FanOutPlan }> {
  const fanOut = await planFanOut(event, ref, sql`ev`);
  if (fanOut) return { tenant: fanOut.tenantId === null ? null : { id: fanOut.tenantId }, fanOut };
  if (TENANT_ID_PATTERN.test(ref!)) throw new DomainError("invalid", `No tenant with the id "${ref}" in this workspace.`, "tenant");
  return { tenant: { key: ref!, create: true }, fanOut: planForNewTenant(event) };
}

/**
 * The statement's CTE `tn` that creates the tenant, and the event's tenant_id. Two publishes of a
 * new key at once both end with the one tenant: the second waits for the first and takes its row.
 */
function tenantOfEvent(workspaceId: string, tenant: EventTenant | null, allowed: SQL): { with: SQL | null; id: SQL } {
  if (!tenant) return { with: null, id: sql`null` };
  if (!tenant.create) return { with: null, id: sql`${tenant.id}` };
  return {
    with: sql`tn as (
      insert into ${tenants} (${columnList(tenants.id, tenants.workspaceId, tenants.key, tenants.name)})
      select ${newId("tnt")}, ${workspaceId}, ${tenant.key}, ${tenant.key} where ${allowed}
      on conflict (${columnList(tenants.workspaceId, tenants.key)}) where ${unqualified(tenants.deletedAt)} is null
        do update set ${unqualified(tenants.key)} = excluded.${unqualified(tenants.key)}
      returning ${unqualified(tenants.id)}),`,
    id: sql`(select ${unqualified(tenants.id)} from tn)`,
  };
}

/**
 * Stores the event and hands it to its fan-out, if `admitted` (the strict mode check, see
 * admitEvent) still holds: it is part of the insert, and no row means nothing was written or sent.
 */
async function storeEvent(workspaceId: string, input: PublishEventInput, admitted: SQL): Promise<Event | undefined> {
  const id = newId("evt");
  const { tenant, fanOut } = await routeEvent({ id, workspaceId, type: input.type }, input.tenant);
  const tenantSql = tenantOfEvent(workspaceId, tenant, admitted);
  const row = await executeWithEvents(fanOut.events, (sentInStatement) => ({
    with: sql`${tenantSql.with ?? sql``}
      ev as (
        insert into ${events} (${columnList(events.id, events.workspaceId, events.tenantId, events.type, events.data, events.occurredAt, events.idempotencyKey, events.dispatchedAt)})
        select ${id}, ${workspaceId}, ${tenantSql.id}, ${input.type}, ${JSON.stringify(input.data)}::jsonb,
          coalesce(${input.occurredAt ?? null}::timestamptz, now()), ${input.idempotencyKey ?? null}, ${sentInStatement ? sql`now()` : sql`null`}
        where ${admitted}
        returning *)
      ${fanOut.deliveries ? sql`, delivered as (${fanOut.deliveries})` : sql``}`,
    returning: sql`ev`,
    sendIf: sql`exists (select 1 from ev)`,
  }));
  if (!row) return undefined;
  const event = rowOf(events, row);
  return event.dispatchedAt ? event : markDispatched(event);
}

/**
 * storeEvent, once more if the tenant it found was deleted before the statement ran: the second
 * time the key names no live tenant, so the event goes to a new one (and an id is refused).
 */
async function storeEventOnce(workspaceId: string, input: PublishEventInput, admitted: SQL): Promise<Event | undefined> {
  try {
    return await storeEvent(workspaceId, input, admitted);
  } catch (error) {
    if (input.tenant === undefined || !isForeignKeyViolation(error)) throw error;
    return storeEvent(workspaceId, input, admitted);
  }
}

/** Admits the event (strict mode) and stores it; admitted again if what admitted it changed before it was stored. */
async function storeAdmittedEvent(workspaceId: string, input: PublishEventInput, options: { operational?: boolean }): Promise<Event> {
  if (options.operational) return (await storeEventOnce(workspaceId, input, sql`true`))!;
  for (let admissions = 1; ; admissions++) {
    const admitted = await admitEvent(workspaceId, input.type, input.data, { fresh: admissions > 1 });
    const event = await storeEventOnce(workspaceId, input, admitted);
    if (event) return event;
    if (admissions === MAX_ADMISSIONS) {
      throw new DomainError(
        "conflict",
        `The catalog entry of "${input.type}" or the strict mode setting kept changing while the event was published; publish it again.`,
      );
    }
  }
}

/** The publishing request's span names the event it stored, or found for a repeated idempotency key. */
function inTrace(published: { event: Event; created: boolean }): { event: Event; created: boolean } {
  const { event } = published;
  annotateActiveSpan({ "tern.event.id": event.id, "tern.event.type": event.type, ...(event.tenantId ? { "tern.tenant.id": event.tenantId } : {}) });
  return published;
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
  const refusal = options.operational ? undefined : operationalTypeRefusal(input.type);
  if (refusal) throw new DomainError("invalid", refusal, "type");
  const size = Buffer.byteLength(JSON.stringify(input.data));
  if (size > MAX_EVENT_DATA_BYTES) {
    throw new DomainError("too_large", `data is ${size} bytes serialized; the limit is ${MAX_EVENT_DATA_BYTES}.`, "data");
  }

  if (input.idempotencyKey) {
    const existing = await findLiveDuplicate(workspaceId, input.idempotencyKey);
    if (existing) return inTrace({ event: await dispatch(existing), created: false });
  }

  try {
    // An expired key may be used again: release it from the old event.
    if (input.idempotencyKey) await releaseExpiredKey(workspaceId, input.idempotencyKey);
    return inTrace({ event: await storeAdmittedEvent(workspaceId, input, options), created: true });
  } catch (error) {
    // Two publishes with one key at the same moment: the loser returns the winner's event.
    if (input.idempotencyKey && isUniqueViolation(error)) {
      const existing = await findLiveDuplicate(workspaceId, input.idempotencyKey);
      if (existing) return inTrace({ event: await dispatch(existing), created: false });
    }
    throw error;
  }
}
