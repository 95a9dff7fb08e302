// Operator-initiated sends: retry one delivery, replay one event, recover an endpoint.
// Each becomes a manual delivery request, so the deliver function makes one attempt per delivery.
import { and, asc, eq, gte, inArray, ne, sql } from "drizzle-orm";
import { db } from "@/db";
import { deliveries, events } from "@/db/schema";
import { deliveryRequestedEvents } from "@/inngest/events";
import { transactionWithEvents } from "@/inngest/send";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/roles";
import { findEndpoint } from "@/lib/endpoints/endpoints";
import { DomainError } from "@/lib/errors";
import { newId } from "@/lib/ids";

const MAX_RECOVER_DAYS = 14;
const MAX_RECOVER_DELIVERIES = 10_000;

export async function retryDelivery(workspaceId: string, deliveryId: string, actor: Actor) {
  return transactionWithEvents(async (tx, send) => {
    const [delivery] = await tx
      .select({ deliveryId: deliveries.id, endpointId: deliveries.endpointId })
      .from(deliveries)
      .where(and(eq(deliveries.workspaceId, workspaceId), eq(deliveries.id, deliveryId)));
    if (!delivery) throw new DomainError("not_found", "No such delivery in this workspace.");
    send(deliveryRequestedEvents([delivery], "manual"));
    await recordAudit(tx, { workspaceId, actor, action: "delivery.retried", targetType: "delivery", targetId: deliveryId });
    return delivery;
  });
}

/** Retries several deliveries at once; ids of other workspaces, or of other tenants than `tenantId` when given, are ignored. */
export async function retryDeliveries(workspaceId: string, deliveryIds: string[], actor: Actor, tenantId?: string) {
  return transactionWithEvents(async (tx, send) => {
    const targets = await tx
      .select({ deliveryId: deliveries.id, endpointId: deliveries.endpointId })
      .from(deliveries)
      .where(
        and(
          eq(deliveries.workspaceId, workspaceId),
          inArray(deliveries.id, deliveryIds),
          tenantId === undefined ? undefined : eq(deliveries.tenantId, tenantId),
        ),
      );
    send(deliveryRequestedEvents(targets, "manual"));
    for (const target of targets) {
      await recordAudit(tx, { workspaceId, actor, action: "delivery.retried", targetType: "delivery", targetId: target.deliveryId });
    }
    return { count: targets.length };
  });
}

/** Sends an event again to every endpoint it went to, or to one endpoint (which it may not have reached before). */
export async function replayEvent(workspaceId: string, eventId: string, endpointId: string | undefined, actor: Actor) {
  return transactionWithEvents(async (tx, send) => {
    const [event] = await tx
      .select({ id: events.id, type: events.type, tenantId: events.tenantId })
      .from(events)
      .where(and(eq(events.workspaceId, workspaceId), eq(events.id, eventId)));
    if (!event) throw new DomainError("not_found", "No such event in this workspace.");
    if (endpointId) {
      const endpoint = await findEndpoint(workspaceId, endpointId, tx);
      // An event goes to its own tenant's endpoints only (or, without a tenant, the workspace's own), replayed or not.
      if (endpoint.tenantId !== event.tenantId) {
        throw new DomainError(
          "invalid",
          event.tenantId === null
            ? `The event has no tenant, so it can go to the workspace's own endpoints only; ${endpointId} belongs to a tenant.`
            : `The event belongs to a tenant that ${endpointId} does not belong to; it can be replayed to its own tenant's endpoints only.`,
          "endpointId",
        );
      }
      await tx
        .insert(deliveries)
        .values({ id: newId("dlv"), workspaceId, tenantId: event.tenantId, eventId, endpointId, eventType: event.type })
        .onConflictDoNothing({ target: [deliveries.eventId, deliveries.endpointId] });
    }
    const targets = await tx
      .select({ deliveryId: deliveries.id, endpointId: deliveries.endpointId })
      .from(deliveries)
      .where(and(eq(deliveries.eventId, eventId), endpointId ? eq(deliveries.endpointId, endpointId) : undefined));
    send(deliveryRequestedEvents(targets, "manual"));
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: "event.replayed",
      targetType: "event",
      targetId: eventId,
      details: { endpointId, count: targets.length },
    });
    return { count: targets.length };
  });
}

function recoverableSince(workspaceId: string, endpointId: string, since: Date) {
  if (Date.now() - since.getTime() > MAX_RECOVER_DAYS * 86_400_000) {
    throw new DomainError("invalid", `Recover at most ${MAX_RECOVER_DAYS} days back.`, "since");
  }
  return and(
    eq(deliveries.workspaceId, workspaceId),
    eq(deliveries.endpointId, endpointId),
    ne(deliveries.status, "succeeded"),
    gte(deliveries.createdAt, since),
  );
}

/** How many deliveries a recover would re-send (at most 10,000), to confirm before doing it. */
export async function countRecoverable(workspaceId: string, endpointId: string, since: Date): Promise<number> {
  await findEndpoint(workspaceId, endpointId);
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(
    db
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(recoverableSince(workspaceId, endpointId, since))
      .limit(MAX_RECOVER_DELIVERIES)
      .as("recoverable"),
  );
  return row?.count ?? 0;
}

/** Re-sends every delivery of the endpoint that has not succeeded since `since` (≤ 14 days, ≤ 10,000). */
export async function recoverEndpoint(workspaceId: string, endpointId: string, since: Date, actor: Actor) {
  const condition = recoverableSince(workspaceId, endpointId, since);
  const endpoint = await findEndpoint(workspaceId, endpointId);
  if (!endpoint.enabled) throw new DomainError("conflict", "Enable the endpoint before recovering its deliveries.");
  return transactionWithEvents(async (tx, send) => {
    const targets = await tx
      .select({ deliveryId: deliveries.id, endpointId: deliveries.endpointId })
      .from(deliveries)
      .where(condition)
      .orderBy(asc(deliveries.createdAt))
      .limit(MAX_RECOVER_DELIVERIES);
    send(deliveryRequestedEvents(targets, "manual"));
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: "endpoint.recovered",
      targetType: "endpoint",
      targetId: endpointId,
      details: { since: since.toISOString(), count: targets.length },
    });
    return { count: targets.length };
  });
}
