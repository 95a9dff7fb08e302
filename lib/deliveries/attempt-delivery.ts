import { and, eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { deliveries, endpoints, events, type Endpoint, type Event } from "@/db/schema";
import { nextRetryDelayMs, parseRetryAfter } from "@/lib/deliveries/retry-schedule";
import { signingSecrets } from "@/lib/endpoints/endpoints";
import { newId } from "@/lib/ids";
import { sendWebhook, type SendResult } from "@/lib/webhooks/send";
import { signPayload } from "@/lib/webhooks/sign";

export const USER_AGENT = "Tern-Webhooks/0.1";
const SENSITIVE_HEADER = /authorization|cookie|token|secret|key|password|signature-key/i;
const DISABLE_AFTER_MIN_FAILED_ATTEMPTS = 10;

export type AttemptTrigger = "scheduled" | "manual" | "test";

const RATE_LIMIT_TOLERANCE_MS = 10;

/**
 * Reserves the endpoint's next send slot under its rate limit: each send pushes the next free
 * slot 1/rate seconds further, atomically, so instances sharing the endpoint never exceed it.
 */
async function reserveSendSlot(endpointId: string, perSecond: number): Promise<Date> {
  const [row] = await db.execute<{ slot: string }>(sql`
    update endpoints
    set rate_limit_next_at = greatest(coalesce(rate_limit_next_at, now()), now()) + make_interval(secs => 1.0 / ${perSecond})
    where id = ${endpointId}
    returning rate_limit_next_at - make_interval(secs => 1.0 / ${perSecond}) as slot`);
  return new Date(row!.slot);
}

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

/** TERN_DISABLE_AFTER: how long every attempt must have failed before the endpoint is disabled ("5d", "12h", "90m", or seconds). */
export function disableAfterMs(): number {
  const raw = process.env.TERN_DISABLE_AFTER ?? "5d";
  const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(raw.trim());
  if (!match) throw new Error(`TERN_DISABLE_AFTER must be a duration such as 5d, 12h or 3600, got "${raw}"`);
  const unit = { "": 1_000, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as "" | "s" | "m" | "h" | "d"];
  return Number(match[1]) * unit;
}

function formatDuration(ms: number): string {
  if (ms >= 86_400_000) return `${+(ms / 86_400_000).toFixed(1)} days`;
  if (ms >= 3_600_000) return `${+(ms / 3_600_000).toFixed(1)} hours`;
  return `${Math.round(ms / 1000)} seconds`;
}

export type AttemptOutcome =
  /** Nothing more to do: succeeded, failed for good, skipped, or the delivery is gone. */
  | { done: true; status: "succeeded" | "failed" | "skipped" | "gone"; attemptNumber?: number }
  /** Failed, or held back by the endpoint's rate limit (`throttled`, no attempt made); try again at `retryAt`. */
  | { done: false; retryAt: string; attemptNumber: number; throttled?: boolean };

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
  /** A throttled attempt already reserved its rate-limit slot, which is now. */
  options: { slotReserved?: boolean } = {},
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

  if (endpoint.rateLimit && !options.slotReserved) {
    const slot = await reserveSendSlot(endpoint.id, endpoint.rateLimit);
    if (slot.getTime() - Date.now() > RATE_LIMIT_TOLERANCE_MS) {
      await db.update(deliveries).set({ nextAttemptAt: slot, updatedAt: new Date() }).where(eq(deliveries.id, deliveryId));
      return { done: false, retryAt: slot.toISOString(), attemptNumber: delivery.attemptCount, throttled: true };
    }
  }

  await db.update(deliveries).set({ status: "delivering", updatedAt: new Date() }).where(eq(deliveries.id, deliveryId));
  const body = webhookBody(event);
  const headers = webhookHeaders(endpoint, event.id, body);
  const result = await sendWebhook({ url: endpoint.url, headers, body, timeoutMs: endpoint.timeoutMs });
  const succeeded = result.status !== undefined && result.status >= 200 && result.status < 300 && !result.timedOut;
  const gone = result.status === 410;

  // The decision needs the attempt number; a concurrent manual attempt may make it one off, which only shifts the schedule.
  const attemptNumber = delivery.attemptCount + 1;
  const disableAfter = disableAfterMs();
  const delay =
    succeeded || gone || trigger === "manual"
      ? null
      : nextRetryDelayMs({
          attemptNumber,
          status: result.status,
          timedOut: result.timedOut,
          retryAfterSeconds: parseRetryAfter(result.headers?.["retry-after"]),
        });
  const status = succeeded ? "succeeded" : delay === null ? "failed" : "pending";
  const retryAt = delay === null ? null : new Date(Date.now() + delay);
  const error = succeeded ? null : failureMessage(result);

  // One statement records the attempt, moves the delivery on and updates the endpoint's failure streak.
  const [recorded] = await db.execute<{ attempt_number: number; failing_ms: number | null; failed: number }>(sql`
    with counted as (
      update deliveries set attempt_count = attempt_count + 1, status = ${status}, next_attempt_at = ${retryAt?.toISOString() ?? null}::timestamptz,
        last_attempt_at = now(), last_status_code = ${result.status ?? null}::int, last_error = ${error}, updated_at = now()
      where id = ${deliveryId}
      returning attempt_count),
    recorded as (
      insert into attempts (id, workspace_id, delivery_id, endpoint_id, event_id, number, trigger, request_headers,
        response_status, response_headers, response_body, error, duration_ms)
      select ${newId("att")}, ${delivery.workspaceId}, ${deliveryId}, ${endpoint.id}, ${event.id}, counted.attempt_count, ${trigger},
        ${JSON.stringify(redactHeaders(headers))}::jsonb, ${result.status ?? null}::int, ${result.headers ? JSON.stringify(result.headers) : null}::jsonb,
        ${result.body ?? null}, ${error}, ${result.durationMs}
      from counted
      returning number),
    streak as (
      update endpoints set
        failing_since = case when ${succeeded} then null else coalesce(failing_since, now()) end,
        failed_attempts_since_success = case when ${succeeded} then 0 else failed_attempts_since_success + 1 end
      where id = ${endpoint.id}
      returning failing_since, failed_attempts_since_success)
    select recorded.number as attempt_number, (extract(epoch from now() - streak.failing_since) * 1000)::float8 as failing_ms,
      streak.failed_attempts_since_success as failed
    from recorded, streak`);
  if (!recorded) return { done: true, status: "gone" };

  const sustained =
    !succeeded && recorded.failing_ms !== null && recorded.failing_ms >= disableAfter && recorded.failed >= DISABLE_AFTER_MIN_FAILED_ATTEMPTS;
  const disableReason = gone
    ? "The endpoint answered 410 Gone."
    : sustained
      ? `Every attempt failed for more than ${formatDuration(disableAfter)} (${recorded.failed} attempts).`
      : undefined;
  let disabled: EndpointDisabled | undefined;
  if (disableReason) {
    const now = new Date();
    const [changed] = await db
      .update(endpoints)
      .set({ enabled: false, disabledReason: disableReason, disabledAt: now, updatedAt: now })
      .where(and(eq(endpoints.id, endpoint.id), eq(endpoints.enabled, true)))
      .returning({ id: endpoints.id });
    if (changed) disabled = { workspaceId: delivery.workspaceId, endpointId: endpoint.id, url: endpoint.url, reason: disableReason };
    if (status === "pending") {
      await db.update(deliveries).set({ status: "failed", nextAttemptAt: null }).where(eq(deliveries.id, deliveryId));
    }
  }
  const outcome: AttemptOutcome =
    status === "pending" && !disableReason
      ? { done: false, retryAt: retryAt!.toISOString(), attemptNumber: recorded.attempt_number }
      : { done: true, status: status === "succeeded" ? "succeeded" : "failed", attemptNumber: recorded.attempt_number };
  // Announced after commit, so the operational event never describes an uncommitted change.
  if (disabled) await onEndpointDisabled(disabled);
  return outcome;
}
