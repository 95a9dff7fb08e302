import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { db } from "@/db";
import { deliveries, events } from "@/db/schema";
import { keysetOrder, pastCursor, toPage } from "@/lib/api/pagination";
import { previousPageCursor } from "@/lib/api/previous-page";
import { deliveryColumns } from "@/lib/deliveries/queries";
import { DomainError } from "@/lib/errors";
import { eventTypeMatches } from "@/lib/event-types/type-pattern";
import type { EventListQuery } from "@/lib/events/schemas";
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

/** What a page of events and the page before it share: every filter but the cursor. */
async function eventsWhere(workspaceId: string, query: Omit<EventListQuery, "cursor">) {
  const tenantId = await tenantFilter(workspaceId, query.tenant);
  return and(eq(events.workspaceId, workspaceId), tenantId ? eq(events.tenantId, tenantId) : undefined, eventTypeMatches(events.type, query.type));
}

/** The workspace's events, newest first; `type` may be a pattern ("invoice.*"). */
export async function listEvents(workspaceId: string, query: EventListQuery) {
  const rows = await db
    .select(eventColumns)
    .from(events)
    .where(and(await eventsWhere(workspaceId, query), pastCursor(events.createdAt, events.id, query.cursor)))
    .orderBy(...keysetOrder(events.createdAt, events.id))
    .limit(query.limit + 1);
  return toPage(rows, query.limit);
}

/** The cursor of the page before the one listEvents opens at `query.cursor` (null: the first page). */
export async function previousEventsCursor(workspaceId: string, query: EventListQuery & { cursor: string }) {
  return previousPageCursor(events, events, { where: await eventsWhere(workspaceId, query), cursor: query.cursor, limit: query.limit });
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
    .select(deliveryColumns)
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
