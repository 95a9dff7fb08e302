// The columns the benchmarks' generate_series inserts fill, named through the schema.
import { attempts, deliveries, endpoints, events, tenants } from "@/db/schema";
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

export const tenantColumns = columnList(tenants.id, tenants.workspaceId, tenants.key, tenants.name, tenants.createdAt, tenants.updatedAt);

export const tenantEndpointColumns = columnList(
  endpoints.id,
  endpoints.workspaceId,
  endpoints.tenantId,
  endpoints.url,
  endpoints.eventTypes,
  endpoints.secretEncrypted,
  endpoints.createdAt,
  endpoints.updatedAt,
);

export const tenantEventColumns = columnList(events.id, events.workspaceId, events.tenantId, events.type, events.data, events.createdAt, events.occurredAt);

export const tenantDeliveryColumns = columnList(
  deliveries.id,
  deliveries.workspaceId,
  deliveries.tenantId,
  deliveries.eventId,
  deliveries.endpointId,
  deliveries.eventType,
  deliveries.status,
  deliveries.attemptCount,
  deliveries.lastStatusCode,
  deliveries.createdAt,
  deliveries.updatedAt,
);
