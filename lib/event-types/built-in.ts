// Tern's own operational event types: in every workspace's catalog, read-only, and published only
// by Tern (lib/events/operational.ts), about the workspace's own resources.
import type { EventType } from "@/db/schema";
import { isOperationalType } from "@/lib/endpoints/event-type-filter";

export const OPERATIONAL_EVENT_TYPES = {
  endpointCreated: "tern.endpoint.created",
  endpointUpdated: "tern.endpoint.updated",
  endpointDeleted: "tern.endpoint.deleted",
  endpointDisabled: "tern.endpoint.disabled",
  endpointEnabled: "tern.endpoint.enabled",
  deliveryFailing: "tern.delivery.failing",
  deliveryRecovered: "tern.delivery.recovered",
  deliveryExhausted: "tern.delivery.exhausted",
} as const;

export type OperationalEventType = (typeof OPERATIONAL_EVENT_TYPES)[keyof typeof OPERATIONAL_EVENT_TYPES];

const id = { type: "string" };
const time = { type: "string", format: "date-time" };
const nullableId = { type: ["string", "null"] };
const endpointFields = {
  endpointId: { ...id, description: "The endpoint's id (ep_…)." },
  tenantId: { ...nullableId, description: "The tenant the endpoint belongs to (tnt_…), or null for the workspace's own." },
  url: { type: "string", description: "The endpoint's URL." },
};

function payloadSchema(properties: Record<string, unknown>): Record<string, unknown> {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    properties: { ...endpointFields, ...properties },
    required: ["endpointId", "tenantId", "url", ...Object.keys(properties)],
    additionalProperties: false,
  };
}

const exampleEndpoint = { endpointId: "ep_01jd5v4s6q8m0c2e4g6j8k0m2p", tenantId: null, url: "https://ops.example.com/tern" };
const exampleTime = "2026-11-29T09:30:00.000Z";

type Definition = { name: OperationalEventType; description: string; schema: Record<string, unknown>; example: Record<string, unknown> };

const DEFINITIONS: Definition[] = [
  {
    name: OPERATIONAL_EVENT_TYPES.endpointCreated,
    description: "An endpoint was created (the workspace's own or a tenant's).",
    schema: payloadSchema({ eventTypes: { type: "array", items: { type: "string" } }, createdAt: time }),
    example: { ...exampleEndpoint, eventTypes: ["invoice.*"], createdAt: exampleTime },
  },
  {
    name: OPERATIONAL_EVENT_TYPES.endpointUpdated,
    description: "An endpoint's settings changed; fields names what changed (never the values of headers or secrets).",
    schema: payloadSchema({ fields: { type: "array", items: { type: "string" } }, updatedAt: time }),
    example: { ...exampleEndpoint, fields: ["url", "eventTypes"], updatedAt: exampleTime },
  },
  {
    name: OPERATIONAL_EVENT_TYPES.endpointDeleted,
    description: "An endpoint was deleted; its pending deliveries will not be sent.",
    schema: payloadSchema({ deletedAt: time }),
    example: { ...exampleEndpoint, deletedAt: exampleTime },
  },
  {
    name: OPERATIONAL_EVENT_TYPES.endpointDisabled,
    description: "An endpoint was disabled: by delivery (it answered 410 Gone, or every attempt failed for too long) or by an operator.",
    schema: payloadSchema({ reason: { type: "string" }, disabledBy: { enum: ["delivery", "operator"] }, disabledAt: time }),
    example: { ...exampleEndpoint, reason: "The endpoint answered 410 Gone.", disabledBy: "delivery", disabledAt: exampleTime },
  },
  {
    name: OPERATIONAL_EVENT_TYPES.endpointEnabled,
    description: "A disabled endpoint was enabled again; its run of failed attempts starts afresh.",
    schema: payloadSchema({ enabledAt: time }),
    example: { ...exampleEndpoint, enabledAt: exampleTime },
  },
  {
    name: OPERATIONAL_EVENT_TYPES.deliveryFailing,
    description: "An endpoint's attempts have failed in a row as many times as TERN_FAILING_AFTER_ATTEMPTS: sent once per run of failures.",
    schema: payloadSchema({
      failedAttempts: { type: "integer", minimum: 1 },
      failingSince: time,
      lastStatusCode: { type: ["integer", "null"] },
      lastError: { type: ["string", "null"] },
    }),
    example: { ...exampleEndpoint, failedAttempts: 3, failingSince: "2026-11-29T09:28:10.000Z", lastStatusCode: 503, lastError: "HTTP 503" },
  },
  {
    name: OPERATIONAL_EVENT_TYPES.deliveryRecovered,
    description: "The first successful attempt to an endpoint after tern.delivery.failing.",
    schema: payloadSchema({ failedAttempts: { type: "integer", minimum: 1 }, recoveredAt: time }),
    example: { ...exampleEndpoint, failedAttempts: 12, recoveredAt: exampleTime },
  },
  {
    name: OPERATIONAL_EVENT_TYPES.deliveryExhausted,
    description: "A delivery failed for good: its retry schedule ran out. Not sent for deliveries of tern.* events.",
    schema: payloadSchema({
      deliveryId: id,
      eventId: id,
      eventType: { type: "string" },
      attempts: { type: "integer", minimum: 1 },
      lastStatusCode: { type: ["integer", "null"] },
      lastError: { type: ["string", "null"] },
      failedAt: time,
    }),
    example: {
      ...exampleEndpoint,
      deliveryId: "dlv_01jd5v4s6q8m0c2e4g6j8k0m2q",
      eventId: "evt_01jd5v4s6q8m0c2e4g6j8k0m2r",
      eventType: "invoice.paid",
      attempts: 8,
      lastStatusCode: 500,
      lastError: "HTTP 500",
      failedAt: exampleTime,
    },
  },
];

/**
 * The catalog rows of the built-in types. They sort after every type a workspace adds (created at
 * the epoch, newest first), with fixed ids in the shape of others so a page cursor can stop on one.
 */
const EPOCH = new Date(0);
export const BUILT_IN_EVENT_TYPES: (Omit<EventType, "workspaceId"> & { builtIn: true })[] = DEFINITIONS.map((definition, i) => ({
  id: `et_${String(DEFINITIONS.length - i).padStart(26, "0")}`,
  ...definition,
  createdAt: EPOCH,
  updatedAt: EPOCH,
  builtIn: true,
}));

export function builtInEventType(name: string) {
  return BUILT_IN_EVENT_TYPES.find((type) => type.name === name);
}

/** Refuses a workspace's attempt to publish, add, change or delete a tern.* type. */
export function operationalTypeRefusal(name: string): string | undefined {
  return isOperationalType(name) ? "tern.* types are Tern's own: only Tern publishes them, and they cannot be added, changed or deleted." : undefined;
}
