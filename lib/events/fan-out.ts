// Fan-out: one delivery per enabled, matching endpoint of the event's tenant (for an event without
// one, of the workspace's own endpoints): an event never reaches another tenant's endpoint.
// For a few endpoints publishing creates them itself, in the statement that stores the event and
// starts their delivery; for more, or when the engine cannot start runs in that statement (an
// Inngest server), the fan-out function creates them in batches.
import { type AnyColumn, and, arrayOverlaps, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { db } from "@/db";
import { deliveries, type Event, endpoints, events, tenants } from "@/db/schema";
import { columnList, unqualified } from "@/db/sql";
import { type DeliveryTarget, deliveryRequestedEvents, type EngineEvent, eventPublishedEvent } from "@/inngest/events";
import { runsStartInStatement } from "@/inngest/send";
import { filtersMatching } from "@/lib/endpoints/event-type-filter";
import { newId } from "@/lib/ids";
import { tenantNamed } from "@/lib/tenants/tenants";

const INSERT_BATCH = 1_000;

/** Up to this many matching endpoints, publishing creates the deliveries itself. */
export const INLINE_FAN_OUT_LIMIT = 100;

type EventKey = Pick<Event, "id" | "workspaceId" | "type" | "tenantId">;

/** The routing rule: the endpoints of the event's own tenant, or the workspace's own for an event without one. */
export function sameTenant(tenantColumn: AnyColumn, tenantId: string | AnyColumn | null): SQL {
  return tenantId === null ? isNull(tenantColumn) : eq(tenantColumn, tenantId);
}

/** The endpoints an event reaches; its tenant may be a column of the query this is nested in. */
function matchingEndpoints(event: { workspaceId: string; type: string; tenantId: string | AnyColumn | null }, limit?: number) {
  const query = db
    .select({ id: endpoints.id })
    .from(endpoints)
    .where(
      and(
        eq(endpoints.workspaceId, event.workspaceId),
        sameTenant(endpoints.tenantId, event.tenantId),
        eq(endpoints.enabled, true),
        arrayOverlaps(endpoints.eventTypes, filtersMatching(event.type)),
      ),
    );
  return limit === undefined ? query : query.limit(limit);
}

/**
 * The tenant `ref` (id or key) names and up to `limit` of its endpoints that the event matches, in
 * one query; undefined when it names no tenant of the workspace.
 */
async function tenantAndEndpoints(workspaceId: string, ref: string, type: string, limit: number) {
  const [tenant] = await db
    .select({
      id: tenants.id,
      endpointIds: sql<string[]>`array(${matchingEndpoints({ workspaceId, type, tenantId: tenants.id }, limit)})`,
    })
    .from(tenants)
    .where(tenantNamed(workspaceId, ref));
  return tenant;
}

/** A new delivery to each endpoint (ids chosen here, so the caller knows them before the insert completes). */
function newTargets(endpointIds: string[]): DeliveryTarget[] {
  return endpointIds.map((endpointId) => ({ deliveryId: newId("dlv"), endpointId }));
}

/**
 * The insert of a delivery per target for the event in `event` (a subquery or CTE with id,
 * workspace_id, tenant_id and type). Two arrays rather than a row of parameters per delivery: the statement
 * keeps one shape, so it is prepared once.
 */
function deliveriesInsert(event: SQL, targets: DeliveryTarget[]): SQL {
  const e = (column: AnyColumn) => sql`e.${unqualified(column)}`;
  return sql`
    insert into ${deliveries} (${columnList(deliveries.id, deliveries.workspaceId, deliveries.tenantId, deliveries.eventId, deliveries.endpointId, deliveries.eventType)})
    select d.id, ${e(events.workspaceId)}, ${e(events.tenantId)}, ${e(events.id)}, d.endpoint_id, ${e(events.type)}
    from ${event} e, unnest(${sql.param(targets.map((t) => t.deliveryId))}::text[], ${sql.param(targets.map((t) => t.endpointId))}::text[]) as d(id, endpoint_id)
    on conflict (${columnList(deliveries.eventId, deliveries.endpointId)}) do nothing`;
}

export type FanOutPlan = {
  /** The event's tenant: null for an event without one. */
  tenantId: string | null;
  /** The deliveries' insert, for the statement that stores the event; null when there is none to write. */
  deliveries: SQL | null;
  /** What carries the fan-out on: a delivery request per delivery, or the fan-out function's event. */
  events: EngineEvent[];
};

/**
 * How the event that the CTE `stored` inserts reaches its endpoints: its deliveries now, or the
 * fan-out function later. `tenant` is the publisher's reference to the event's tenant (its id or
 * key), looked up in the query that finds its endpoints; undefined when it names no tenant of the
 * workspace.
 */
export async function planFanOut(event: Omit<EventKey, "tenantId">, tenant: string | undefined, stored: SQL): Promise<FanOutPlan | undefined> {
  // Deliveries written without their runs would wait for nothing if the send after the statement failed.
  const inline = runsStartInStatement();
  const limit = inline ? INLINE_FAN_OUT_LIMIT + 1 : 0;
  const route =
    tenant === undefined
      ? { id: null, endpointIds: inline ? (await matchingEndpoints({ ...event, tenantId: null }, limit)).map((endpoint) => endpoint.id) : [] }
      : await tenantAndEndpoints(event.workspaceId, tenant, event.type, limit);
  if (!route) return undefined;
  if (!inline || route.endpointIds.length > INLINE_FAN_OUT_LIMIT) {
    return { tenantId: route.id, deliveries: null, events: [eventPublishedEvent(event)] };
  }
  return planForTargets(route.id, stored, newTargets(route.endpointIds));
}

/** The plan for an event of a tenant the publishing statement creates: it has no endpoints yet. */
export function planForNewTenant(event: Omit<EventKey, "tenantId">): FanOutPlan {
  return runsStartInStatement() ? planForTargets(null, sql``, []) : { tenantId: null, deliveries: null, events: [eventPublishedEvent(event)] };
}

function planForTargets(tenantId: string | null, stored: SQL, targets: DeliveryTarget[]): FanOutPlan {
  return { tenantId, deliveries: targets.length > 0 ? deliveriesInsert(stored, targets) : null, events: deliveryRequestedEvents(targets, "scheduled") };
}

/**
 * The fan-out function's work: one pending delivery per matching endpoint, in batches.
 * Idempotent: running it again creates nothing new and returns the same targets.
 */
export async function createDeliveries(eventId: string): Promise<DeliveryTarget[]> {
  const [event] = await db
    .select({ id: events.id, workspaceId: events.workspaceId, tenantId: events.tenantId, type: events.type })
    .from(events)
    .where(eq(events.id, eventId));
  if (!event) return [];
  const matching = await matchingEndpoints(event);
  for (let i = 0; i < matching.length; i += INSERT_BATCH) {
    const targets = newTargets(matching.slice(i, i + INSERT_BATCH).map((endpoint) => endpoint.id));
    const stored = sql`(select ${event.id}::text as ${unqualified(events.id)}, ${event.workspaceId}::text as ${unqualified(events.workspaceId)},
      ${event.tenantId}::text as ${unqualified(events.tenantId)}, ${event.type}::text as ${unqualified(events.type)})`;
    await db.execute(deliveriesInsert(stored, targets));
  }
  if (matching.length === 0) return [];
  return db
    .select({ deliveryId: deliveries.id, endpointId: deliveries.endpointId })
    .from(deliveries)
    .where(and(eq(deliveries.eventId, eventId), inArray(deliveries.status, ["pending"])));
}
