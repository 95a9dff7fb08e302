import { and, arrayOverlaps, eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { deliveries, endpoints, events } from "@/db/schema";
import { filtersMatching } from "@/lib/endpoints/event-type-filter";
import { newId } from "@/lib/ids";

const INSERT_BATCH = 1_000;

export type DeliveryTarget = { deliveryId: string; endpointId: string };

/**
 * Creates one pending delivery per enabled endpoint whose filter matches the event.
 * Idempotent: running it again creates nothing new and returns the same targets.
 */
export async function createDeliveries(eventId: string): Promise<DeliveryTarget[]> {
  const [event] = await db.select({ workspaceId: events.workspaceId, type: events.type }).from(events).where(eq(events.id, eventId));
  if (!event) return [];
  const matching = await db
    .select({ id: endpoints.id })
    .from(endpoints)
    .where(
      and(
        eq(endpoints.workspaceId, event.workspaceId),
        eq(endpoints.enabled, true),
        arrayOverlaps(endpoints.eventTypes, filtersMatching(event.type)),
      ),
    );
  for (let i = 0; i < matching.length; i += INSERT_BATCH) {
    await db
      .insert(deliveries)
      .values(
        matching.slice(i, i + INSERT_BATCH).map((endpoint) => ({
          id: newId("dlv"),
          workspaceId: event.workspaceId,
          eventId,
          endpointId: endpoint.id,
          eventType: event.type,
        })),
      )
      .onConflictDoNothing({ target: [deliveries.eventId, deliveries.endpointId] });
  }
  if (matching.length === 0) return [];
  return db
    .select({ deliveryId: deliveries.id, endpointId: deliveries.endpointId })
    .from(deliveries)
    .where(and(eq(deliveries.eventId, eventId), inArray(deliveries.status, ["pending"])));
}
