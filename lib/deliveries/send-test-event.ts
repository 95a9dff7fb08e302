import { and, desc, eq } from "drizzle-orm";
import { db } from "@/db";
import { attempts, deliveries, events, eventTypes } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/roles";
import { decideAttempt, recordAttempts } from "@/lib/deliveries/record-attempts";
import { customHeaderValues, findEndpoint, signingSecrets } from "@/lib/endpoints/endpoints";
import { newId } from "@/lib/ids";
import { webhookBody, webhookHeaders } from "@/lib/webhooks/message";
import { sendWebhook } from "@/lib/webhooks/send";

const TEST_EVENT_TYPE = "tern.test";

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
export async function sendTestEvent(workspaceId: string, endpointId: string, input: { eventType?: string; data?: Record<string, unknown> }, actor: Actor) {
  const endpoint = await findEndpoint(workspaceId, endpointId);
  const type = input.eventType ?? TEST_EVENT_TYPE;
  const data = input.data ?? (await examplePayload(workspaceId, type));
  const event = { id: newId("evt"), type, occurredAt: new Date(), data };
  const body = webhookBody(event);
  const headers = webhookHeaders(customHeaderValues(endpoint), event.id, body, signingSecrets(endpoint));
  const sentAt = new Date();
  const result = await sendWebhook({ url: endpoint.url, headers, body, timeoutMs: endpoint.timeoutMs });
  // Recorded as an event of the endpoint's tenant delivered to this endpoint alone, so the test
  // shows in that tenant's history like any delivery (and can be retried from there). It is never
  // scheduled for retries.
  const deliveryId = newId("dlv");
  const attempt = decideAttempt({ deliveryId, trigger: "test", attemptNumber: 1, sentAt }, headers, result);
  await db.transaction(async (tx) => {
    const tenantId = endpoint.tenantId;
    await tx.insert(events).values({ ...event, workspaceId, tenantId, dispatchedAt: event.occurredAt });
    await tx.insert(deliveries).values({ id: deliveryId, workspaceId, tenantId, eventId: event.id, endpointId, eventType: type });
    await recordAttempts(tx, endpointId, [attempt], { test: true });
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: "endpoint.tested",
      targetType: "endpoint",
      targetId: endpointId,
      details: { eventType: type, status: result.status ?? null },
    });
  });
  return {
    attemptId: attempt.attempt_id,
    deliveryId,
    eventId: event.id,
    eventType: type,
    succeeded: attempt.status === "succeeded",
    status: attempt.status_code,
    durationMs: result.durationMs,
    responseHeaders: attempt.response_headers ?? {},
    responseBody: attempt.response_body,
    responseBodyBinary: attempt.response_body_binary,
    error: attempt.error,
    createdAt: sentAt,
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
