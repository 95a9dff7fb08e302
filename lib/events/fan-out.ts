// Fan-out: one delivery per enabled, matching endpoint of the event's tenant (for an event without
// one, of the workspace's own endpoints): an event never reaches another tenant's endpoint.
// For a few endpoints publishing creates them itself, in the statement that stores the event and
// starts their delivery; for more, or when the engine cannot start runs in that statement (an
// Inngest server), the fan-out function creates them in batches.
import { type AnyColumn, and, arrayOverlaps, eq, inArray, isNull, type Placeholder, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db } from "@/db";
import { deliveries, endpoints, events, tenants } from "@/db/schema";
import { builtOnce, columnList, unqualified } from "@/db/sql";
import { type DeliveryTarget, deliveryRequestedEvents, type EngineEvent, eventPublishedEvent } from "@/inngest/events";
import { runsStartInStatement } from "@/inngest/send";
import { filtersMatching } from "@/lib/endpoints/event-type-filter";
import { newId } from "@/lib/ids";
import { TENANT_ID_PATTERN } from "@/lib/tenants/schemas";

const INSERT_BATCH = 1_000;

/** Up to this many matching endpoints, publishing creates the deliveries itself. */
export const INLINE_FAN_OUT_LIMIT = 100;

/** The routing rule: the endpoints of the event's own tenant, or the workspace's own for an event without one. */
export function sameTenant(tenantColumn: AnyColumn, tenantId: string | AnyColumn | null): SQL {
  return tenantId === null ? isNull(tenantColumn) : eq(tenantColumn, tenantId);
}

/** The endpoints an event reaches; its workspace and limit may be placeholders, its tenant and type's filters columns of the query this is nested in. */
function matchingEndpoints(workspaceId: string | Placeholder, tenantId: string | AnyColumn | null, filters: string[] | SQL, limit?: number | Placeholder) {
  const query = db
    .select({ id: endpoints.id })
    .from(endpoints)
    .where(
      and(
        eq(endpoints.workspaceId, workspaceId),
        sameTenant(endpoints.tenantId, tenantId),
        eq(endpoints.enabled, true),
        arrayOverlaps(endpoints.eventTypes, filters),
      ),
    );
  return limit === undefined ? query : query.limit(limit);
}

/** One event of a batch to route: the publisher's reference to its tenant (id or key), if any, and its type. */
export type EventToRoute = { id: string; type: string; tenant: string | undefined };

type Route = { tenantId: string | null; endpointIds: string[] };

type RouteKind = "own" | "id" | "key";

const kindOf = (tenant: string | undefined): RouteKind => (tenant === undefined ? "own" : TENANT_ID_PATTERN.test(tenant) ? "id" : "key");

/**
 * The route lookup for the parts a batch needs: one part per kind of tenant reference (the
 * workspace's own, tenants by id, tenants by key), each a literal condition its partial index
 * serves. Its values are placeholders: the workspace, the limit of endpoints, and each part's
 * routes as JSON.
 */
function routeLookupSql(needed: RouteKind[]): SQL {
  const t = alias(tenants, "t");
  const workspaceId = sql.placeholder("workspaceId");
  const endpointIdsOf = (tenantId: AnyColumn | null) => sql`array(${matchingEndpoints(workspaceId, tenantId, sql`r.filters`, sql.placeholder("limit"))})`;
  const wantedRoutes = (kind: RouteKind) => sql`jsonb_to_recordset(${sql.placeholder(kind)}::jsonb) as r(route int, ref text, filters text[])`;
  const tenantOf = (match: SQL) => and(eq(t.workspaceId, workspaceId), isNull(t.deletedAt), match);
  const parts = {
    own: () => sql`select r.route, null::text as tenant_id, ${endpointIdsOf(null)} as endpoint_ids from ${wantedRoutes("own")}`,
    id: () =>
      sql`select r.route, ${t.id} as tenant_id, ${endpointIdsOf(t.id)} as endpoint_ids from ${wantedRoutes("id")} join ${tenants} ${t} on ${tenantOf(sql`${t.id} = r.ref`)}`,
    key: () =>
      sql`select r.route, ${t.id} as tenant_id, ${endpointIdsOf(t.id)} as endpoint_ids from ${wantedRoutes("key")} join ${tenants} ${t} on ${tenantOf(sql`${t.key} = r.ref`)}`,
  };
  return sql.join(
    needed.map((kind) => parts[kind]()),
    sql` union all `,
  );
}

type RouteRow = { route: number; tenant_id: string | null; endpoint_ids: string[] };

// Built once for each set of parts (seven at most): every publish looks its routes up.
const routeLookups = new Map<string, (values: Record<string, unknown>) => Promise<RouteRow[]>>();

/**
 * Every distinct (tenant reference, type) of a batch, looked up in one query: the tenant the
 * reference names and up to `limit` of its endpoints the type matches (for no reference, the
 * workspace's own). A route whose reference names no tenant of the workspace is missing from the
 * answer. The query has only the parts the batch needs: a single event's has one, so PostgreSQL
 * plans no more than the lookup of its own endpoints.
 */
async function routesOf(workspaceId: string, wanted: { tenant: string | undefined; type: string }[], limit: number): Promise<Map<number, Route>> {
  const needed = (["own", "id", "key"] as const).filter((kind) => wanted.some(({ tenant }) => kindOf(tenant) === kind));
  const shape = needed.join();
  const lookup = routeLookups.get(shape) ?? builtOnce<RouteRow>(() => routeLookupSql(needed));
  routeLookups.set(shape, lookup);
  const routesOfKind = (kind: RouteKind) =>
    JSON.stringify(
      wanted.flatMap(({ tenant, type }, route) => (kindOf(tenant) === kind ? [{ route, ref: tenant ?? null, filters: filtersMatching(type) }] : [])),
    );
  const rows = await lookup({ workspaceId, limit, ...Object.fromEntries(needed.map((kind) => [kind, routesOfKind(kind)])) });
  return new Map(rows.map((row) => [row.route, { tenantId: row.tenant_id, endpointIds: row.endpoint_ids }]));
}

/** A new delivery to each endpoint (ids chosen here, so the caller knows them before the insert completes). */
function newTargets(endpointIds: string[]): DeliveryTarget[] {
  return endpointIds.map((endpointId) => ({ deliveryId: newId("dlv"), endpointId }));
}

/**
 * The insert of the deliveries `targets` name, each for its event among those in `stored` (a CTE
 * or subquery with id, workspace_id, tenant_id and type). Arrays rather than a row of parameters
 * per delivery: the statement keeps one shape, so it is prepared once.
 */
export function deliveriesInsert(stored: SQL, targets: (DeliveryTarget & { eventId: string })[]): SQL {
  const e = (column: AnyColumn) => sql`e.${unqualified(column)}`;
  const column = (pick: (target: DeliveryTarget & { eventId: string }) => string) => sql`${sql.param(targets.map(pick))}::text[]`;
  return sql`
    insert into ${deliveries} (${columnList(deliveries.id, deliveries.workspaceId, deliveries.tenantId, deliveries.eventId, deliveries.endpointId, deliveries.eventType)})
    select d.id, ${e(events.workspaceId)}, ${e(events.tenantId)}, ${e(events.id)}, d.endpoint_id, ${e(events.type)}
    from unnest(${column((t) => t.deliveryId)}, ${column((t) => t.endpointId)}, ${column((t) => t.eventId)}) as d(id, endpoint_id, event_id)
      join ${stored} e on ${e(events.id)} = d.event_id
    on conflict (${columnList(deliveries.eventId, deliveries.endpointId)}) do nothing`;
}

export type FanOutPlan = {
  /** The event's tenant: null for an event without one. */
  tenantId: string | null;
  /** The deliveries the statement that stores the event creates with it (see deliveriesInsert). */
  targets: DeliveryTarget[];
  /** What carries the fan-out on: a delivery request per delivery, or the fan-out function's event. */
  events: EngineEvent[];
};

/**
 * How each event of a batch reaches its endpoints: its deliveries now, or the fan-out function
 * later, planned in one query for all of them. An event's tenant is the publisher's reference to
 * it (its id or key); its plan is undefined when that names no tenant of the workspace.
 */
export async function planFanOut(workspaceId: string, batch: EventToRoute[]): Promise<(FanOutPlan | undefined)[]> {
  if (batch.length === 0) return [];
  // Deliveries written without their runs would wait for nothing if the send after the statement failed.
  const inline = runsStartInStatement();
  const routeOf = new Map<string, number>();
  const wanted: { tenant: string | undefined; type: string }[] = [];
  const routeIndexes = batch.map(({ tenant, type }) => {
    const key = JSON.stringify([tenant ?? null, type]);
    if (!routeOf.has(key)) routeOf.set(key, wanted.push({ tenant, type }) - 1);
    return routeOf.get(key)!;
  });
  const routes = await routesOf(workspaceId, wanted, inline ? INLINE_FAN_OUT_LIMIT + 1 : 0);
  return batch.map((event, i) => {
    const route = routes.get(routeIndexes[i]!);
    if (!route) return undefined;
    if (!inline || route.endpointIds.length > INLINE_FAN_OUT_LIMIT) {
      return { tenantId: route.tenantId, targets: [], events: [eventPublishedEvent({ id: event.id, workspaceId })] };
    }
    const targets = newTargets(route.endpointIds);
    return { tenantId: route.tenantId, targets, events: deliveryRequestedEvents(targets, "scheduled") };
  });
}

/** The plan for an event of a tenant the publishing statement creates: it has no endpoints yet. */
export function planForNewTenant(event: { id: string; workspaceId: string }): FanOutPlan {
  return { tenantId: null, targets: [], events: runsStartInStatement() ? [] : [eventPublishedEvent(event)] };
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
  const matching = await matchingEndpoints(event.workspaceId, event.tenantId, filtersMatching(event.type));
  const stored = sql`(select ${event.id}::text as ${unqualified(events.id)}, ${event.workspaceId}::text as ${unqualified(events.workspaceId)},
    ${event.tenantId}::text as ${unqualified(events.tenantId)}, ${event.type}::text as ${unqualified(events.type)})`;
  for (let i = 0; i < matching.length; i += INSERT_BATCH) {
    const targets = newTargets(matching.slice(i, i + INSERT_BATCH).map((endpoint) => endpoint.id));
    await db.execute(
      deliveriesInsert(
        stored,
        targets.map((target) => ({ ...target, eventId: event.id })),
      ),
    );
  }
  if (matching.length === 0) return [];
  return db
    .select({ deliveryId: deliveries.id, endpointId: deliveries.endpointId })
    .from(deliveries)
    .where(and(eq(deliveries.eventId, eventId), inArray(deliveries.status, ["pending"])));
}
