// Tern's own operational events (tern.*), published into the workspace they concern and the alerts
// they open or resolve. Every such event is emitted here, once the writes it describes are done.
// They are published without a tenant, so only the workspace's own endpoints that name them
// receive them, even when the endpoint they are about is a tenant's.

import { and, arrayOverlaps, eq } from "drizzle-orm";
import { db } from "@/db";
import { endpoints } from "@/db/schema";
import { alertDeliveriesExhausted, alertEndpointDisabled, alertEndpointEnabled, alertEndpointFailing, alertEndpointRecovered } from "@/lib/alerts/lifecycle";
import { filtersMatching, isOperationalType } from "@/lib/endpoints/event-type-filter";
import { OPERATIONAL_EVENT_TYPES, type OperationalEventType } from "@/lib/event-types/built-in";
import { sameTenant } from "@/lib/events/fan-out";
import { publishEvent } from "@/lib/events/publish";
import { log } from "@/lib/log";

/** The endpoint an operational event is about: only the workspace's own identifiers, never the tenant's data. */
export type EndpointRef = { workspaceId: string; endpointId: string; tenantId: string | null; url: string };

const about = (endpoint: EndpointRef) => ({ endpointId: endpoint.endpointId, tenantId: endpoint.tenantId, url: endpoint.url });

/** Whether one of the workspace's own enabled endpoints names the type: the only ones an operational event, published without a tenant, can reach. */
async function subscribed(workspaceId: string, type: OperationalEventType): Promise<boolean> {
  const [row] = await db
    .select({ id: endpoints.id })
    .from(endpoints)
    .where(
      and(
        eq(endpoints.workspaceId, workspaceId),
        sameTenant(endpoints.tenantId, null),
        eq(endpoints.enabled, true),
        arrayOverlaps(endpoints.eventTypes, filtersMatching(type)),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/**
 * Publishes Tern's own event, when an endpoint would receive it: the operator's event log is for
 * the events their product publishes, and the audit log already records every endpoint change.
 */
async function publishOperational(workspaceId: string, type: OperationalEventType, ...payloads: Record<string, unknown>[]): Promise<void> {
  if (payloads.length === 0 || !(await subscribed(workspaceId, type))) return;
  // The strict catalog check and the refusal of tern.* types are for the workspace's events, not Tern's own.
  for (const data of payloads) await publishEvent(workspaceId, { type, data }, { operational: true });
}

/**
 * Runs each announcement; one that fails is logged with what it concerns and does not stop the
 * others or fail the change it announces, which is already stored.
 */
async function announce(what: string, ids: Record<string, string>, ...steps: (() => Promise<void>)[]): Promise<void> {
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      log.error({ err: error, ...ids }, `Could not announce ${what}`);
    }
  }
}

const idsOf = (endpoint: EndpointRef) => ({ workspaceId: endpoint.workspaceId, endpointId: endpoint.endpointId });

export async function emitEndpointCreated(endpoint: EndpointRef & { eventTypes: string[]; createdAt: Date }): Promise<void> {
  await announce("an endpoint's creation", idsOf(endpoint), () =>
    publishOperational(endpoint.workspaceId, OPERATIONAL_EVENT_TYPES.endpointCreated, {
      ...about(endpoint),
      eventTypes: endpoint.eventTypes,
      createdAt: endpoint.createdAt.toISOString(),
    }),
  );
}

/** Names of the fields that changed, never their values (headers hold the receiver's credentials). */
export async function emitEndpointUpdated(endpoint: EndpointRef, fields: string[]): Promise<void> {
  await announce("an endpoint's update", idsOf(endpoint), () =>
    publishOperational(endpoint.workspaceId, OPERATIONAL_EVENT_TYPES.endpointUpdated, { ...about(endpoint), fields, updatedAt: new Date().toISOString() }),
  );
}

export async function emitEndpointDeleted(endpoint: EndpointRef): Promise<void> {
  await announce("an endpoint's deletion", idsOf(endpoint), () =>
    publishOperational(endpoint.workspaceId, OPERATIONAL_EVENT_TYPES.endpointDeleted, { ...about(endpoint), deletedAt: new Date().toISOString() }),
  );
}

/**
 * An endpoint was disabled. Disabled by delivery (410 Gone, or failing for too long), it also
 * opens an alert; an operator who disabled it knows.
 */
export async function emitEndpointDisabled(endpoint: EndpointRef, reason: string, disabledBy: "delivery" | "operator"): Promise<void> {
  await announce(
    "an endpoint's disabling",
    idsOf(endpoint),
    () =>
      publishOperational(endpoint.workspaceId, OPERATIONAL_EVENT_TYPES.endpointDisabled, {
        ...about(endpoint),
        reason,
        disabledBy,
        disabledAt: new Date().toISOString(),
      }),
    async () => {
      if (disabledBy === "delivery") await alertEndpointDisabled(endpoint, reason);
    },
  );
}

export async function emitEndpointEnabled(endpoint: EndpointRef): Promise<void> {
  await announce(
    "an endpoint's enabling",
    idsOf(endpoint),
    () => publishOperational(endpoint.workspaceId, OPERATIONAL_EVENT_TYPES.endpointEnabled, { ...about(endpoint), enabledAt: new Date().toISOString() }),
    () => alertEndpointEnabled(endpoint),
  );
}

export type FailingStreak = { failedAttempts: number; failingSince: Date; lastStatusCode: number | null; lastError: string | null };

/** The endpoint's run of failed attempts reached the failing threshold. */
export async function emitDeliveryFailing(endpoint: EndpointRef, streak: FailingStreak): Promise<void> {
  await announce(
    "a failing endpoint",
    idsOf(endpoint),
    () =>
      publishOperational(endpoint.workspaceId, OPERATIONAL_EVENT_TYPES.deliveryFailing, {
        ...about(endpoint),
        failedAttempts: streak.failedAttempts,
        failingSince: streak.failingSince.toISOString(),
        lastStatusCode: streak.lastStatusCode,
        lastError: streak.lastError,
      }),
    () => alertEndpointFailing(endpoint, streak),
  );
}

/** The first success after the endpoint was failing; `failedAttempts` is the run it ended. */
export async function emitDeliveryRecovered(endpoint: EndpointRef, failedAttempts: number): Promise<void> {
  await announce(
    "a recovered endpoint",
    idsOf(endpoint),
    () =>
      publishOperational(endpoint.workspaceId, OPERATIONAL_EVENT_TYPES.deliveryRecovered, {
        ...about(endpoint),
        failedAttempts,
        recoveredAt: new Date().toISOString(),
      }),
    () => alertEndpointRecovered(endpoint),
  );
}

export type ExhaustedDelivery = {
  deliveryId: string;
  eventId: string;
  eventType: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
};

/**
 * Deliveries to one endpoint failed for good: one event each, and the endpoint's alert counts
 * them. A delivery of a tern.* event announces no event of its own: an operator endpoint that is
 * down would otherwise feed itself an endless chain of them.
 */
export async function emitDeliveriesExhausted(endpoint: EndpointRef, exhausted: ExhaustedDelivery[]): Promise<void> {
  if (exhausted.length === 0) return;
  const failedAt = new Date().toISOString();
  await announce(
    "exhausted deliveries",
    idsOf(endpoint),
    () =>
      publishOperational(
        endpoint.workspaceId,
        OPERATIONAL_EVENT_TYPES.deliveryExhausted,
        ...exhausted.filter((delivery) => !isOperationalType(delivery.eventType)).map((delivery) => ({ ...about(endpoint), ...delivery, failedAt })),
      ),
    () => alertDeliveriesExhausted(endpoint, { count: exhausted.length, lastDeliveryId: exhausted.at(-1)!.deliveryId }),
  );
}
