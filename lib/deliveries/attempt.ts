// Attempting deliveries: the deliver and retry-delivery functions hand a batch of one endpoint's
// deliveries here. Each is signed and sent (lib/webhooks), recorded (record-attempts), and the
// endpoint's health is updated (lib/endpoints/health), disabling it when it must be.
import { and, eq, ne, sql } from "drizzle-orm";
import { db } from "@/db";
import { type Delivery, deliveries, type Endpoint, type Event, endpoints, events, tenants } from "@/db/schema";
import { unqualified } from "@/db/sql";
import type { DeliveryRequest } from "@/inngest/events";
import { setting } from "@/lib/config/settings";
import { inAttemptSpan } from "@/lib/deliveries/attempt-span";
import { type DecidedAttempt, decideAttempt, recordAttempts } from "@/lib/deliveries/record-attempts";
import { isFinished } from "@/lib/deliveries/status";
import { customHeaderValues, signingSecrets } from "@/lib/endpoints/endpoints";
import { disableEndpoint, disableReason, type FailureStreak, reserveSendSlots, streakChanges } from "@/lib/endpoints/health";
import {
  type EndpointRef,
  type ExhaustedDelivery,
  emitDeliveriesExhausted,
  emitDeliveryFailing,
  emitDeliveryRecovered,
  emitEndpointDisabled,
} from "@/lib/events/operational";
import { forEachLimited } from "@/lib/for-each-limited";
import { log, withoutQueryParameters } from "@/lib/log";
import { webhookBody, webhookHeaders } from "@/lib/webhooks/message";
import { sendWebhook } from "@/lib/webhooks/send";

const RATE_LIMIT_TOLERANCE_MS = 10;

export type AttemptOutcome =
  /** Nothing more to do: succeeded, failed for good, skipped, or the delivery is gone. */
  | { done: true; status: "succeeded" | "failed" | "skipped" | "gone"; attemptNumber?: number }
  /** Failed, or held back by the endpoint's rate limit (`throttled`, no attempt made); try again at `retryAt`. */
  | { done: false; retryAt: string; attemptNumber: number; throttled?: boolean };

export type AttemptRequest = {
  deliveryId: string;
  trigger: DeliveryRequest["trigger"];
  /** A throttled attempt already reserved its rate-limit slot, which is now. */
  slotReserved?: boolean;
  /** The delivery's trace (W3C traceparent), which the attempt's span joins. */
  traceparent?: string;
};

/** What stops a tenant's deliveries: it was disabled or deleted. Null for the workspace's own endpoints. */
type TenantState = { disabledReason: string | null; disabledAt: Date | null; deletedAt: Date | null } | null;

type Item = { request: AttemptRequest; delivery: Delivery; endpoint: Endpoint; event: Event; tenant: TenantState };

/** At most this many requests in flight to one endpoint from one batch (TERN_ENDPOINT_CONCURRENCY, default 10). */
export function endpointConcurrency(): number {
  return setting("TERN_ENDPOINT_CONCURRENCY");
}

/**
 * Makes one attempt of each requested delivery: signs and sends them (at most
 * `endpointConcurrency()` at a time per endpoint), records every attempt, and moves each delivery
 * on (succeeded, retry at a time, or failed). Safe to repeat after a crash: a finished delivery
 * is not sent again by a scheduled attempt. Outcomes come back in the order of `requests`.
 */
export async function attemptDeliveries(requests: AttemptRequest[]): Promise<AttemptOutcome[]> {
  const ids = [...new Set(requests.map((request) => request.deliveryId))];
  if (ids.length === 0) return [];
  // Each row carries its delivery and event; the endpoints (a batch usually has one) are read once
  // each, not once per delivery.
  const rows = await db
    .select({ delivery: deliveries, event: events })
    .from(deliveries)
    .innerJoin(events, eq(events.id, deliveries.eventId))
    .where(sql`${deliveries.id} = any(${sql.param(ids)}::text[])`);
  const endpointIds = [...new Set(rows.map((row) => row.delivery.endpointId))];
  const endpointRows = endpointIds.length
    ? await db
        .select({
          endpoint: endpoints,
          tenant: { disabledReason: tenants.disabledReason, disabledAt: tenants.disabledAt, deletedAt: tenants.deletedAt },
        })
        .from(endpoints)
        .leftJoin(tenants, eq(tenants.id, endpoints.tenantId))
        .where(sql`${endpoints.id} = any(${sql.param(endpointIds)}::text[])`)
    : [];
  const endpointOf = new Map(endpointRows.map((row) => [row.endpoint.id, row]));
  const loaded = new Map<string, Omit<Item, "request">>();
  for (const { delivery, event } of rows) {
    // An endpoint deleted between the two reads took its deliveries with it.
    const target = endpointOf.get(delivery.endpointId);
    if (target) loaded.set(delivery.id, { delivery, event, ...target });
  }

  const outcomes = new Map<string, AttemptOutcome>();
  const byEndpoint = new Map<string, Item[]>();
  const seen = new Set<string>();
  for (const request of requests) {
    // A delivery requested twice in one batch gets one attempt.
    if (seen.has(request.deliveryId)) continue;
    seen.add(request.deliveryId);
    const row = loaded.get(request.deliveryId);
    if (!row) outcomes.set(request.deliveryId, { done: true, status: "gone" });
    // A scheduled attempt never repeats a finished delivery (it may be a crashed run's second try);
    // a manual one is someone asking to send it again, succeeded or not.
    else if (request.trigger === "scheduled" && isFinished(row.delivery.status)) {
      outcomes.set(request.deliveryId, { done: true, status: row.delivery.status });
    } else {
      const group = byEndpoint.get(row.endpoint.id) ?? [];
      group.push({ request, ...row });
      byEndpoint.set(row.endpoint.id, group);
    }
  }
  for (const items of byEndpoint.values()) {
    for (const [deliveryId, outcome] of await attemptForEndpoint(items)) outcomes.set(deliveryId, outcome);
  }
  return requests.map((request) => outcomes.get(request.deliveryId)!);
}

/** One attempt of one delivery; see attemptDeliveries. */
export async function attemptDelivery(
  deliveryId: string,
  trigger: AttemptRequest["trigger"],
  options: { slotReserved?: boolean; traceparent?: string } = {},
): Promise<AttemptOutcome> {
  const [outcome] = await attemptDeliveries([{ deliveryId, trigger, ...options }]);
  return outcome!;
}

/** Why the endpoint's deliveries cannot be sent now, if they cannot: the endpoint or its tenant is disabled, or the tenant deleted. */
function skipReason(endpoint: Endpoint, tenant: TenantState): string | undefined {
  if (tenant?.deletedAt) return "Tenant deleted";
  if (tenant?.disabledAt) return `Tenant disabled: ${tenant.disabledReason ?? "by an operator"}`;
  if (!endpoint.enabled) return `Endpoint disabled: ${endpoint.disabledReason ?? "by an operator"}`;
  return undefined;
}

async function skip(items: Item[], reason: string, outcomes: Map<string, AttemptOutcome>) {
  await db.execute(sql`
    update ${deliveries} set ${unqualified(deliveries.status)} = 'skipped', ${unqualified(deliveries.nextAttemptAt)} = null,
      ${unqualified(deliveries.updatedAt)} = now(), ${unqualified(deliveries.lastError)} = ${reason}
    where ${deliveries.id} = any(${idsOf(items)}::text[])`);
  for (const item of items) outcomes.set(item.request.deliveryId, { done: true, status: "skipped" });
}

function idsOf(items: Item[]) {
  return sql.param(items.map((item) => item.request.deliveryId));
}

/** The items that may be sent now; the others wait for their rate-limit slot, recorded as their next attempt time. */
async function throttle(endpoint: Endpoint, items: Item[], outcomes: Map<string, AttemptOutcome>): Promise<Item[]> {
  if (!endpoint.rateLimit) return items;
  const perSecond = endpoint.rateLimit;
  const unreserved = items.filter((item) => !item.request.slotReserved);
  if (unreserved.length === 0) return items;
  const first = (await reserveSendSlots(endpoint.id, perSecond, unreserved.length)).getTime();
  const throttled = unreserved
    .map((item, i) => ({ item, slot: new Date(first + (i * 1000) / perSecond) }))
    .filter(({ slot }) => slot.getTime() - Date.now() > RATE_LIMIT_TOLERANCE_MS);
  if (throttled.length === 0) return items;
  await db.execute(sql`
    update ${deliveries} set ${unqualified(deliveries.nextAttemptAt)} = slots.at::timestamptz, ${unqualified(deliveries.updatedAt)} = now()
    from unnest(${idsOf(throttled.map((t) => t.item))}::text[], ${sql.param(throttled.map((t) => t.slot.toISOString()))}::text[]) as slots(id, at)
    where ${deliveries.id} = slots.id`);
  for (const { item, slot } of throttled) {
    outcomes.set(item.request.deliveryId, { done: false, retryAt: slot.toISOString(), attemptNumber: item.delivery.attemptCount, throttled: true });
  }
  return items.filter((item) => !outcomes.has(item.request.deliveryId));
}

async function attemptForEndpoint(items: Item[]): Promise<Map<string, AttemptOutcome>> {
  const outcomes = new Map<string, AttemptOutcome>();
  const { endpoint, tenant } = items[0]!;
  const reason = skipReason(endpoint, tenant);
  if (reason) {
    await skip(items, reason, outcomes);
    return outcomes;
  }
  const sendable = await throttle(endpoint, items, outcomes);
  if (sendable.length === 0) return outcomes;

  await db.execute(sql`
    update ${deliveries} set ${unqualified(deliveries.status)} = 'delivering', ${unqualified(deliveries.updatedAt)} = now()
    where ${deliveries.id} = any(${idsOf(sendable)}::text[])`);
  const secrets = signingSecrets(endpoint, new Date());
  const headerValues = customHeaderValues(endpoint);
  // What changed for the endpoint, announced once every write is done.
  const announcements: (() => Promise<void>)[] = [];
  const exhausted: ExhaustedDelivery[] = [];
  const ref: EndpointRef = { workspaceId: endpoint.workspaceId, endpointId: endpoint.id, tenantId: endpoint.tenantId, url: endpoint.url };
  const eventOf = new Map(items.map((item) => [item.request.deliveryId, item.event]));
  let disabledBecause: string | undefined;
  let failure: unknown;

  // Attempts are recorded as they complete: whatever finished while the last write ran goes in
  // the next one, so a fast endpoint costs few statements and a slow one shows each attempt at once.
  const finished: DecidedAttempt[] = [];
  const flush = async () => {
    while (finished.length && failure === undefined) {
      const group = finished.splice(0);
      try {
        const recorded = await recordAttempts(db, endpoint.id, group);
        for (const attempt of group) {
          const attemptNumber = recorded.numbers[attempt.delivery_id];
          if (attemptNumber === undefined) outcomes.set(attempt.delivery_id, { done: true, status: "gone" });
          else if (attempt.status === "retrying") outcomes.set(attempt.delivery_id, { done: false, retryAt: attempt.next_attempt_at!, attemptNumber });
          else outcomes.set(attempt.delivery_id, { done: true, status: attempt.status, attemptNumber });
        }
        if (recorded.streak) announcements.push(...healthAnnouncements(ref, group, recorded.streak));
        exhausted.push(...exhaustedDeliveries(group, recorded.numbers, eventOf));
        const reason = recorded.streak
          ? disableReason(
              group.map((attempt) => attempt.status_code),
              recorded.streak,
            )
          : undefined;
        if (reason && !disabledBecause) {
          disabledBecause = reason;
          const disabled = await disableEndpoint(endpoint, reason);
          if (disabled) announcements.push(() => emitEndpointDisabled(ref, disabled.reason, "delivery"));
        }
        if (disabledBecause) await failRetries(group, outcomes);
      } catch (error) {
        // The database failed (recordAttempts absorbs values it refuses): rethrown below, once the
        // attempts in flight have ended, so the step fails and is retried.
        failure = error;
      }
    }
  };
  let flushing: Promise<void> | undefined;
  const startFlush = () => {
    flushing = flush().finally(() => {
      flushing = undefined;
    });
    return flushing;
  };
  const unsent: Item[] = [];

  await forEachLimited(sendable, endpointConcurrency(), async (item) => {
    // Once the endpoint is disabled (or recording fails), the rest of the batch is not sent.
    if (disabledBecause || failure !== undefined) return void unsent.push(item);
    const body = webhookBody(item.event);
    const headers = webhookHeaders(headerValues, item.event.id, body, secrets);
    const sentAt = new Date();
    const attempt = { deliveryId: item.request.deliveryId, trigger: item.request.trigger, attemptNumber: item.delivery.attemptCount + 1, sentAt };
    const traced = { ...attempt, ...ref, eventId: item.event.id, eventType: item.event.type, traceparent: item.request.traceparent };
    const result = await inAttemptSpan(traced, () => sendWebhook({ url: endpoint.url, headers, body, timeoutMs: endpoint.timeoutMs }));
    // The attempt number only times the retry; a concurrent manual attempt may make it one off, which only shifts the schedule.
    finished.push(decideAttempt(attempt, headers, result));
    if (!flushing) startFlush();
  });
  while (flushing || (finished.length && failure === undefined)) await (flushing ?? startFlush());
  if (failure === undefined && unsent.length) await skip(unsent, `Endpoint disabled: ${disabledBecause!}`, outcomes);
  // Announced once every write above is done, so the operational events describe what is stored;
  // also when a later write failed, as the step's retry will not record these attempts again.
  for (const announcement of announcements) await announcement();
  await emitDeliveriesExhausted(ref, exhausted);
  if (failure !== undefined) throw failure;
  return outcomes;
}

/** The failing and recovered announcements of a recorded group: none unless its attempts moved the endpoint across the threshold. */
function healthAnnouncements(ref: EndpointRef, group: DecidedAttempt[], streak: FailureStreak): (() => Promise<void>)[] {
  return streakChanges(
    group.map((attempt) => attempt.status === "succeeded"),
    streak,
  ).map(({ change, failedAttempts }) => {
    if (change === "recovered") return () => emitDeliveryRecovered(ref, failedAttempts);
    const last = group.at(-1)!;
    const failingSince = new Date(Date.now() - (streak.failingMs ?? 0));
    return () => emitDeliveryFailing(ref, { failedAttempts, failingSince, lastStatusCode: last.status_code, lastError: last.error });
  });
}

/**
 * The deliveries of a recorded group that failed for good on their schedule. A 410 is not one:
 * it disables the endpoint, which is announced instead.
 */
function exhaustedDeliveries(group: DecidedAttempt[], numbers: Record<string, number>, eventOf: Map<string, Event>): ExhaustedDelivery[] {
  return group
    .filter((attempt) => attempt.trigger === "scheduled" && attempt.status === "failed" && attempt.status_code !== 410 && numbers[attempt.delivery_id])
    .map((attempt) => {
      const event = eventOf.get(attempt.delivery_id)!;
      return {
        deliveryId: attempt.delivery_id,
        eventId: event.id,
        eventType: event.type,
        attempts: numbers[attempt.delivery_id]!,
        lastStatusCode: attempt.status_code,
        lastError: attempt.error,
      };
    });
}

/** Nothing more is sent to a disabled endpoint: what would have been retried has failed. */
async function failRetries(group: DecidedAttempt[], outcomes: Map<string, AttemptOutcome>) {
  const retrying = group.filter((attempt) => attempt.status === "retrying").map((attempt) => attempt.delivery_id);
  if (retrying.length === 0) return;
  await db.execute(sql`
    update ${deliveries} set ${unqualified(deliveries.status)} = 'failed', ${unqualified(deliveries.nextAttemptAt)} = null
    where ${deliveries.id} = any(${sql.param(retrying)}::text[])`);
  for (const deliveryId of retrying) {
    const outcome = outcomes.get(deliveryId);
    outcomes.set(deliveryId, { done: true, status: "failed", attemptNumber: outcome && !outcome.done ? outcome.attemptNumber : undefined });
  }
}

/** Marks a delivery failed for good when the run attempting it died (its steps kept failing). */
export async function markDeliveryFailed(deliveryId: string, reason: string): Promise<void> {
  // The run's error may be a failed query's, whose values are no one's to read in the log or the console.
  const lastError = withoutQueryParameters(reason);
  log.warn({ deliveryId, reason: lastError }, "Delivery stopped: its run failed for good");
  await db
    .update(deliveries)
    .set({ status: "failed", nextAttemptAt: null, lastError, updatedAt: new Date() })
    .where(and(eq(deliveries.id, deliveryId), ne(deliveries.status, "succeeded")));
}
