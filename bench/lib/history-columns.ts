// The columns the benchmarks' generate_series inserts fill, named through the schema.
import { attempts, deliveries, events } from "@/db/schema";
import { columnList } from "@/db/sql";

export const eventColumns = columnList(events.id, events.workspaceId, events.type, events.data, events.createdAt, events.occurredAt);

export const deliveryColumns = columnList(
  deliveries.id,
  deliveries.workspaceId,
  deliveries.eventId,
  deliveries.endpointId,
  deliveries.eventType,
  deliveries.status,
  deliveries.attemptCount,
  deliveries.lastStatusCode,
  deliveries.createdAt,
  deliveries.updatedAt,
);

export const attemptColumns = columnList(
  attempts.id,
  attempts.workspaceId,
  attempts.deliveryId,
  attempts.endpointId,
  attempts.eventId,
  attempts.number,
  attempts.trigger,
  attempts.requestHeaders,
  attempts.responseStatus,
  attempts.durationMs,
  attempts.createdAt,
);
