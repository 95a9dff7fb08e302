import { and, arrayOverlaps, eq, inArray, sql, type SQL } from "drizzle-orm";
import { db, type Database, type Transaction } from "@/db";
import { deliveries, endpoints, events, type Event } from "@/db/schema";
import { filtersMatching } from "@/lib/endpoints/event-type-filter";
import { newId } from "@/lib/ids";

const INSERT_BATCH = 1_000;

/** Up to this many matching endpoints, publishing creates the deliveries itself (see publish.ts). */
export const INLINE_FAN_OUT_LIMIT = 100;

export type DeliveryTarget = { deliveryId: string; endpointId: string };

function matchingEndpoints(tx: Database | Transaction, event: Pick<Event, "workspaceId" | "type">, limit?: number) {
  const query = tx
    .select({ id: endpoints.id })
    .from(endpoints)
    .where(
      and(
        eq(endpoints.workspaceId, event.workspaceId),
        eq(endpoints.enabled, true),
        arrayOverlaps(endpoints.eventTypes, filtersMatching(event.type)),
      ),
    );
  return limit === undefined ? query : query.limit(limit);
}

/** A new delivery to each endpoint (ids chosen here, so the caller knows them before the insert completes). */
export function newTargets(endpointIds: string[]): DeliveryTarget[] {
  return endpointIds.map((endpointId) => ({ deliveryId: newId("dlv"), endpointId }));
}

/**
 * The insert of a delivery per target for the event in `event` (a subquery or CTE with id,
 * workspace_id and type). Two arrays rather than a row of parameters per delivery: the statement
 * keeps one shape, so it is prepared once.
 */
export function deliveriesInsert(event: SQL, targets: DeliveryTarget[]): SQL {
  return sql`
    insert into ${deliveries} (id, workspace_id, event_id, endpoint_id, event_type)
    select d.id, e.workspace_id, e.id, d.endpoint_id, e.type
    from ${event} e, unnest(${sql.param(targets.map((t) => t.deliveryId))}::text[], ${sql.param(targets.map((t) => t.endpointId))}::text[]) as d(id, endpoint_id)
    on conflict (event_id, endpoint_id) do nothing`;
}

/**
 * For an event with few subscribers, the endpoints publishing delivers it to itself, in its own
 * transaction; null when more than INLINE_FAN_OUT_LIMIT match, for the fan-out function.
 */
export async function inlineFanOutEndpoints(tx: Database | Transaction, event: Pick<Event, "workspaceId" | "type">): Promise<string[] | null> {
  const matching = await matchingEndpoints(tx, event, INLINE_FAN_OUT_LIMIT + 1);
  return matching.length > INLINE_FAN_OUT_LIMIT ? null : matching.map((endpoint) => endpoint.id);
}

/**
 * Creates one pending delivery per enabled endpoint whose filter matches the event.
 * Idempotent: running it again creates nothing new and returns the same targets.
 */
export async function createDeliveries(eventId: string): Promise<DeliveryTarget[]> {
  const [event] = await db.select({ id: events.id, workspaceId: events.workspaceId, type: events.type }).from(events).where(eq(events.id, eventId));
  if (!event) return [];
  const matching = await matchingEndpoints(db, event);
  for (let i = 0; i < matching.length; i += INSERT_BATCH) {
    const targets = newTargets(matching.slice(i, i + INSERT_BATCH).map((endpoint) => endpoint.id));
    await db.execute(deliveriesInsert(sql`(select ${event.id}::text as id, ${event.workspaceId}::text as workspace_id, ${event.type}::text as type)`, targets));
  }
  if (matching.length === 0) return [];
  return db
    .select({ deliveryId: deliveries.id, endpointId: deliveries.endpointId })
    .from(deliveries)
    .where(and(eq(deliveries.eventId, eventId), inArray(deliveries.status, ["pending"])));
}
