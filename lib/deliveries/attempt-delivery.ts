import { and, eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { attempts, deliveries, endpoints, events, type Endpoint, type Event } from "@/db/schema";
import { nextRetryDelayMs, parseRetryAfter } from "@/lib/deliveries/retry-schedule";
import { signingSecrets } from "@/lib/endpoints/endpoints";
import { newId } from "@/lib/ids";
import { sendWebhook, type SendResult } from "@/lib/webhooks/send";
import { signPayload } from "@/lib/webhooks/sign";

export const USER_AGENT = "Tern-Webhooks/0.1";
const SENSITIVE_HEADER = /authorization|cookie|token|secret|key|password|signature-key/i;
const DISABLE_AFTER_MIN_FAILED_ATTEMPTS = 10;

export type AttemptTrigger = "scheduled" | "manual" | "test";

/** The JSON body every endpoint receives for an event (SPEC §3). */
export function webhookBody(event: Pick<Event, "id" | "type" | "occurredAt" | "data">): string {
  return JSON.stringify({ id: event.id, type: event.type, timestamp: event.occurredAt.toISOString(), data: event.data });
}

/** Signed Standard Webhooks headers plus the endpoint's own, for one attempt. */
export function webhookHeaders(endpoint: Endpoint, messageId: string, body: string, now = new Date()) {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    ...endpoint.headers,
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    "webhook-id": messageId,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signPayload({ secrets: signingSecrets(endpoint, now), messageId, timestamp, body }),
  };
}

/** Request headers as recorded on the attempt: custom headers that look like credentials are masked. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) =>
      SENSITIVE_HEADER.test(name) && !name.startsWith("webhook-") ? [name, "[redacted]"] : [name, value],
    ),
  );
}

export function disableAfterMs(): number {
  const days = Number(process.env.TERN_DISABLE_AFTER_DAYS ?? 5);
  return days * 24 * 3600 * 1000;
}

export type AttemptOutcome =
  /** Nothing more to do: succeeded, failed for good, skipped, or the delivery is gone. */
  | { done: true; status: "succeeded" | "failed" | "skipped" | "gone"; attemptNumber?: number }
  /** Failed; try again at `retryAt` (ISO time, also stored as the delivery's next attempt time). */
  | { done: false; retryAt: string; attemptNumber: number };

export type EndpointDisabled = { workspaceId: string; endpointId: string; url: string; reason: string };

function failureMessage(result: SendResult): string {
  if (result.error) return result.error;
  return `Endpoint answered HTTP ${result.status}`;
}

/**
 * Makes one attempt of a delivery: signs and sends it, records the attempt, and moves the
 * delivery on (succeeded, retry at a time, or failed). Called by the deliver function's steps;
 * safe to repeat after a crash: a finished delivery is not sent again by a scheduled attempt.
 */
export async function attemptDelivery(
  deliveryId: string,
  trigger: Exclude<AttemptTrigger, "test">,
  onEndpointDisabled: (disabled: EndpointDisabled) => Promise<void>,
): Promise<AttemptOutcome> {
  const [row] = await db
    .select({ delivery: deliveries, endpoint: endpoints, event: events })
    .from(deliveries)
    .innerJoin(endpoints, eq(endpoints.id, deliveries.endpointId))
    .innerJoin(events, eq(events.id, deliveries.eventId))
    .where(eq(deliveries.id, deliveryId));
  if (!row) return { done: true, status: "gone" };
  const { delivery, endpoint, event } = row;

  if (delivery.status === "succeeded") return { done: true, status: "succeeded" };
  if (trigger === "scheduled" && (delivery.status === "failed" || delivery.status === "skipped")) {
    return { done: true, status: delivery.status };
  }
  if (!endpoint.enabled) {
    await db
      .update(deliveries)
      .set({ status: "skipped", nextAttemptAt: null, lastError: `Endpoint disabled: ${endpoint.disabledReason ?? "by an operator"}`, updatedAt: new Date() })
      .where(eq(deliveries.id, deliveryId));
    return { done: true, status: "skipped" };
  }

  await db.update(deliveries).set({ status: "delivering", updatedAt: new Date() }).where(eq(deliveries.id, deliveryId));
  const body = webhookBody(event);
  const headers = webhookHeaders(endpoint, event.id, body);
  const result = await sendWebhook({ url: endpoint.url, headers, body, timeoutMs: endpoint.timeoutMs });
  const succeeded = result.status !== undefined && result.status >= 200 && result.status < 300 && !result.timedOut;
  const gone = result.status === 410;

  const { outcome, disabled } = await db.transaction(async (tx): Promise<{ outcome: AttemptOutcome; disabled?: EndpointDisabled }> => {
    const [counted] = await tx
      .update(deliveries)
      .set({ attemptCount: sql`${deliveries.attemptCount} + 1` })
      .where(eq(deliveries.id, deliveryId))
      .returning({ attemptCount: deliveries.attemptCount });
    if (!counted) return { outcome: { done: true, status: "gone" } };
    const attemptNumber = counted.attemptCount;

    await tx.insert(attempts).values({
      id: newId("att"),
      workspaceId: delivery.workspaceId,
      deliveryId,
      endpointId: endpoint.id,
      eventId: event.id,
      number: attemptNumber,
      trigger,
      requestHeaders: redactHeaders(headers),
      responseStatus: result.status ?? null,
      responseHeaders: result.headers ?? null,
      responseBody: result.body ?? null,
      error: succeeded ? null : failureMessage(result),
      durationMs: result.durationMs,
    });

    const now = new Date();
    const common = { lastAttemptAt: now, lastStatusCode: result.status ?? null, updatedAt: now };
    if (succeeded) {
      await tx.update(deliveries).set({ ...common, status: "succeeded", nextAttemptAt: null, lastError: null }).where(eq(deliveries.id, deliveryId));
      await tx.update(endpoints).set({ failingSince: null, failedAttemptsSinceSuccess: 0 }).where(eq(endpoints.id, endpoint.id));
      return { outcome: { done: true, status: "succeeded", attemptNumber } };
    }

    const [failing] = await tx
      .update(endpoints)
      .set({
        failingSince: sql`coalesce(${endpoints.failingSince}, ${now.toISOString()}::timestamptz)`,
        failedAttemptsSinceSuccess: sql`${endpoints.failedAttemptsSinceSuccess} + 1`,
      })
      .where(eq(endpoints.id, endpoint.id))
      .returning({ failingSince: endpoints.failingSince, failed: endpoints.failedAttemptsSinceSuccess });
    const sustained =
      failing?.failingSince &&
      now.getTime() - failing.failingSince.getTime() >= disableAfterMs() &&
      failing.failed >= DISABLE_AFTER_MIN_FAILED_ATTEMPTS;
    const disableReason = gone
      ? "The endpoint answered 410 Gone."
      : sustained
        ? `Every attempt failed for ${Math.round(disableAfterMs() / 86_400_000)} days (${failing.failed} attempts).`
        : undefined;

    // Manual attempts are one-offs; only scheduled ones walk the retry schedule.
    const delay =
      disableReason || trigger === "manual"
        ? null
        : nextRetryDelayMs({
            attemptNumber,
            status: result.status,
            timedOut: result.timedOut,
            retryAfterSeconds: parseRetryAfter(result.headers?.["retry-after"]),
          });
    const retryAt = delay === null ? null : new Date(now.getTime() + delay);
    await tx
      .update(deliveries)
      .set({ ...common, status: retryAt ? "pending" : "failed", nextAttemptAt: retryAt, lastError: failureMessage(result) })
      .where(eq(deliveries.id, deliveryId));

    let disabled: EndpointDisabled | undefined;
    if (disableReason) {
      const [changed] = await tx
        .update(endpoints)
        .set({ enabled: false, disabledReason: disableReason, disabledAt: now, updatedAt: now })
        .where(and(eq(endpoints.id, endpoint.id), eq(endpoints.enabled, true)))
        .returning({ id: endpoints.id });
      if (changed) disabled = { workspaceId: delivery.workspaceId, endpointId: endpoint.id, url: endpoint.url, reason: disableReason };
    }
    return {
      outcome: retryAt ? { done: false, retryAt: retryAt.toISOString(), attemptNumber } : { done: true, status: "failed", attemptNumber },
      disabled,
    };
  });
  // Announced after commit, so the operational event never describes an uncommitted change.
  if (disabled) await onEndpointDisabled(disabled);
  return outcome;
}
