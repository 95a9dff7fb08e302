import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { db } from "@/db";
import { deliveries, events } from "@/db/schema";
import { keysetOrder, pastCursor, toPage } from "@/lib/api/pagination";
import { DomainError } from "@/lib/errors";
import { tenantFilter } from "@/lib/tenants/filter";

const eventColumns = {
  id: events.id,
  tenantId: events.tenantId,
  type: events.type,
  data: events.data,
  occurredAt: events.occurredAt,
  idempotencyKey: events.idempotencyKey,
  createdAt: events.createdAt,
};

export async function listEvents(workspaceId: string, query: { type?: string; tenant?: string; limit: number; cursor?: string }) {
  const tenantId = await tenantFilter(workspaceId, query.tenant);
  const rows = await db
    .select(eventColumns)
    .from(events)
    .where(
      and(
        eq(events.workspaceId, workspaceId),
        tenantId ? eq(events.tenantId, tenantId) : undefined,
        query.type ? eq(events.type, query.type) : undefined,
        pastCursor(events.createdAt, events.id, query.cursor),
      ),
    )
    .orderBy(...keysetOrder(events.createdAt, events.id))
    .limit(query.limit + 1);
  return toPage(rows, query.limit);
}

export async function getEvent(workspaceId: string, eventId: string) {
  const [event] = await db
    .select(eventColumns)
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.id, eventId)));
  if (!event) throw new DomainError("not_found", "No such event in this workspace.");
  return event;
}

/** One event with the delivery to each endpoint it went to. */
export async function getEventWithDeliveries(workspaceId: string, eventId: string) {
  const event = await getEvent(workspaceId, eventId);
  const eventDeliveries = await db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.workspaceId, workspaceId), eq(deliveries.eventId, eventId)))
    .orderBy(asc(deliveries.createdAt), asc(deliveries.id));
  return { ...event, deliveries: eventDeliveries };
}

export type DeliveryOutcomes = { total: number; succeeded: number; failed: number; retrying: number; pending: number };

/** How each event's deliveries went, for a page of events (one grouped query). */
export async function deliveryOutcomesByEvent(workspaceId: string, eventIds: string[]): Promise<Map<string, DeliveryOutcomes>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db
    .select({
      eventId: deliveries.eventId,
      total: sql<number>`count(*)::int`,
      succeeded: sql<number>`count(*) filter (where ${deliveries.status} = 'succeeded')::int`,
      failed: sql<number>`count(*) filter (where ${deliveries.status} = 'failed')::int`,
      retrying: sql<number>`count(*) filter (where ${deliveries.status} = 'retrying')::int`,
      pending: sql<number>`count(*) filter (where ${deliveries.status} in ('pending', 'delivering'))::int`,
    })
    .from(deliveries)
    .where(and(eq(deliveries.workspaceId, workspaceId), inArray(deliveries.eventId, eventIds)))
    .groupBy(deliveries.eventId);
  return new Map(rows.map(({ eventId, ...outcomes }) => [eventId, outcomes]));
}
