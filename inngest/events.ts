// Every event the functions exchange: its name, its payload's schema, and how it is built. An
// event's id makes the engine ignore a repeat, so each builder chooses ids with that in mind.
import { z } from "zod";
import { ulid } from "@/lib/ids";
import { type TraceCarrier, traceContext } from "@/lib/tracing/spans";

export type EngineEvent = { id?: string; name: string; data?: Record<string, unknown>; ts?: number; v?: string };

/** The W3C trace context of the span that published the event, when traced: its fan-out and attempts join that trace. */
const traceparent = z.string().optional();

/** A stored event whose deliveries the fan-out function creates (more subscribers than publishing creates itself). */
export const EVENT_PUBLISHED = "tern/event.published";
export const eventPublished = z.object({ eventId: z.string(), workspaceId: z.string(), traceparent });

/** One attempt of a delivery, now; first attempts of an endpoint are made together (the deliver function). */
export const DELIVERY_REQUESTED = "tern/delivery.requested";
export const deliveryRequested = z.object({
  deliveryId: z.string(),
  endpointId: z.string(),
  trigger: z.enum(["scheduled", "manual"]),
  traceparent,
});
export type DeliveryRequest = z.infer<typeof deliveryRequested>;

/** A delivery whose attempt must be made again later; starts its retry-delivery run. */
export const DELIVERY_RETRY_SCHEDULED = "tern/delivery.retry-scheduled";
export const deliveryRetryScheduled = deliveryRequested.extend({
  retryAt: z.iso.datetime(),
  /** The first of these attempts was held back by the endpoint's rate limit and holds a reserved slot. */
  slotReserved: z.boolean(),
});

export type DeliveryTarget = Omit<DeliveryRequest, "trigger" | "traceparent">;

export function eventPublishedEvent(event: { id: string; workspaceId: string }): EngineEvent {
  // One fan-out per event, however often this is sent.
  return {
    id: `fan-out-${event.id}`,
    name: EVENT_PUBLISHED,
    data: { eventId: event.id, workspaceId: event.workspaceId, ...traceContext() } satisfies z.input<typeof eventPublished>,
  };
}

/**
 * Scheduled first attempts are requested once per delivery; manual ones every time an operator
 * asks. Their attempts join `trace`: by default the active span's (the request asking for them).
 */
export function deliveryRequestedEvents(targets: DeliveryTarget[], trigger: DeliveryRequest["trigger"], trace: TraceCarrier = traceContext()): EngineEvent[] {
  return targets.map((target) => ({
    id: trigger === "scheduled" ? `deliver-${target.deliveryId}` : `manual-${target.deliveryId}-${ulid()}`,
    name: DELIVERY_REQUESTED,
    data: { ...target, trigger, ...trace } satisfies DeliveryRequest,
  }));
}

/** `runId` names the deliver run that scheduled the retry, so a repeated run schedules it once. */
export function deliveryRetryScheduledEvent(runId: string, retry: z.input<typeof deliveryRetryScheduled>): EngineEvent {
  return { id: `${runId}-${retry.deliveryId}`, name: DELIVERY_RETRY_SCHEDULED, data: retry };
}

/** A tenant was deleted: its endpoints, events, deliveries and attempts are deleted in the background. */
export const TENANT_DELETED = "tern/tenant.deleted";
export const tenantDeleted = z.object({ tenantId: z.string(), workspaceId: z.string() });

export function tenantDeletedEvent(tenant: { id: string; workspaceId: string }): EngineEvent {
  return { id: `tenant-deleted-${tenant.id}`, name: TENANT_DELETED, data: { tenantId: tenant.id, workspaceId: tenant.workspaceId } };
}

/** An alert opened or resolved: the notify-alert function tells the workspace's alert channels. */
export const ALERT_CHANGED = "tern/alert.changed";
export const alertChanged = z.object({ alertId: z.string(), change: z.enum(["opened", "resolved"]) });

export function alertChangedEvent(change: z.input<typeof alertChanged>): EngineEvent {
  // An alert opens and resolves once each (a condition that comes back opens a new alert), so the id deduplicates repeats.
  return { id: `alert-${change.alertId}-${change.change}`, name: ALERT_CHANGED, data: change };
}
