import { and, desc, eq } from "drizzle-orm";
import { db } from "@/db";
import { attempts, deliveries, events, eventTypes } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/roles";
import { redactHeaders, webhookBody, webhookHeaders } from "@/lib/deliveries/attempt-delivery";
import { findEndpoint } from "@/lib/endpoints/endpoints";
import { newId } from "@/lib/ids";
import { sendWebhook } from "@/lib/webhooks/send";

export const TEST_EVENT_TYPE = "tern.test";

async function examplePayload(workspaceId: string, eventType: string): Promise<Record<string, unknown>> {
  const [type] = await db
    .select({ example: eventTypes.example })
    .from(eventTypes)
    .where(and(eq(eventTypes.workspaceId, workspaceId), eq(eventTypes.name, eventType)));
  return type?.example ?? { message: "This is a test event from Tern." };
}

/**
 * Sends one signed test event to one endpoint now and waits for the answer (the console's
 * "Send test event" and POST /endpoints/{id}/test). Recorded as a delivery whose one attempt has
 * trigger `test`.
 */
export async function sendTestEvent(
  workspaceId: string,
  endpointId: string,
  input: { eventType?: string; data?: Record<string, unknown> },
  actor: Actor,
) {
  const endpoint = await findEndpoint(workspaceId, endpointId);
  const type = input.eventType ?? TEST_EVENT_TYPE;
  const data = input.data ?? (await examplePayload(workspaceId, type));
  const eventId = newId("evt");
  const occurredAt = new Date();
  const body = webhookBody({ id: eventId, type, occurredAt, data });
  const headers = webhookHeaders(endpoint, eventId, body);
  const result = await sendWebhook({ url: endpoint.url, headers, body, timeoutMs: endpoint.timeoutMs });
  const succeeded = result.status !== undefined && result.status >= 200 && result.status < 300 && !result.timedOut;
  const error = succeeded ? null : (result.error ?? `Endpoint answered HTTP ${result.status}`);
  // Recorded as an event delivered to this endpoint alone, so the test shows in the history
  // like any delivery (and can be retried from there). It is never scheduled for retries.
  const deliveryId = newId("dlv");
  const attempt = await db.transaction(async (tx) => {
    await tx.insert(events).values({ id: eventId, workspaceId, type, data, occurredAt, dispatchedAt: occurredAt });
    await tx.insert(deliveries).values({
      id: deliveryId,
      workspaceId,
      eventId,
      endpointId,
      eventType: type,
      status: succeeded ? "succeeded" : "failed",
      attemptCount: 1,
      lastAttemptAt: new Date(),
      lastStatusCode: result.status ?? null,
      lastError: error,
    });
    const [row] = await tx
      .insert(attempts)
      .values({
        id: newId("att"),
        workspaceId,
        deliveryId,
        endpointId,
        eventId,
        number: 1,
        trigger: "test",
        requestHeaders: redactHeaders(headers),
        responseStatus: result.status ?? null,
        responseHeaders: result.headers ?? null,
        responseBody: result.body ?? null,
        error,
        durationMs: result.durationMs,
      })
      .returning({ id: attempts.id, createdAt: attempts.createdAt });
    return row!;
  });
  await recordAudit(db, { workspaceId, actor, action: "endpoint.tested", targetType: "endpoint", targetId: endpointId, details: { eventType: type, status: result.status ?? null } });
  return {
    attemptId: attempt.id,
    deliveryId,
    eventId,
    eventType: type,
    succeeded,
    status: result.status ?? null,
    durationMs: result.durationMs,
    responseHeaders: result.headers ?? {},
    responseBody: result.body ?? null,
    error,
    createdAt: attempt.createdAt,
  };
}

/** The endpoint's latest test sends, newest first, for its console page. */
export async function recentTestSends(workspaceId: string, endpointId: string, limit = 10) {
  return db
    .select({
      id: attempts.id,
      deliveryId: attempts.deliveryId,
      eventId: attempts.eventId,
      responseStatus: attempts.responseStatus,
      error: attempts.error,
      durationMs: attempts.durationMs,
      createdAt: attempts.createdAt,
    })
    .from(attempts)
    .where(and(eq(attempts.workspaceId, workspaceId), eq(attempts.endpointId, endpointId), eq(attempts.trigger, "test")))
    .orderBy(desc(attempts.createdAt))
    .limit(limit);
}
