import { and, arrayOverlaps, eq, inArray } from "drizzle-orm";
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

function insertDeliveries(tx: Database | Transaction, event: Pick<Event, "id" | "workspaceId" | "type">, endpointIds: string[]) {
  return tx
    .insert(deliveries)
    .values(endpointIds.map((endpointId) => ({ id: newId("dlv"), workspaceId: event.workspaceId, eventId: event.id, endpointId, eventType: event.type })))
    .onConflictDoNothing({ target: [deliveries.eventId, deliveries.endpointId] })
    .returning({ deliveryId: deliveries.id, endpointId: deliveries.endpointId });
}

/**
 * For a new event with few subscribers: its deliveries, created in the caller's transaction.
 * Null when more than INLINE_FAN_OUT_LIMIT endpoints match; the fan-out function handles those.
 */
export async function createDeliveriesInline(tx: Transaction, event: Pick<Event, "id" | "workspaceId" | "type">): Promise<DeliveryTarget[] | null> {
  const matching = await matchingEndpoints(tx, event, INLINE_FAN_OUT_LIMIT + 1);
  if (matching.length > INLINE_FAN_OUT_LIMIT) return null;
  return matching.length === 0 ? [] : insertDeliveries(tx, event, matching.map((endpoint) => endpoint.id));
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
    await insertDeliveries(db, event, matching.slice(i, i + INSERT_BATCH).map((endpoint) => endpoint.id));
  }
  if (matching.length === 0) return [];
  return db
    .select({ deliveryId: deliveries.id, endpointId: deliveries.endpointId })
    .from(deliveries)
    .where(and(eq(deliveries.eventId, eventId), inArray(deliveries.status, ["pending"])));
}
