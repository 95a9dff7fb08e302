import { and, eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { deliveries, endpoints, events, type Delivery, type Endpoint, type Event } from "@/db/schema";
import { numberSetting } from "@/lib/engine/config";
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
 * Reserves the endpoint's next `count` send slots under its rate limit: each send pushes the
 * next free slot 1/rate seconds further, atomically, so instances sharing the endpoint never
 * exceed it. Returns the first slot; the others follow 1/rate seconds apart.
 */
async function reserveSendSlots(endpointId: string, perSecond: number, count: number): Promise<Date> {
  const [row] = await db.execute<{ slot: string }>(sql`
    update endpoints
    set rate_limit_next_at = greatest(coalesce(rate_limit_next_at, now()), now()) + make_interval(secs => ${count}::float8 / ${perSecond})
    where id = ${endpointId}
    returning rate_limit_next_at - make_interval(secs => ${count}::float8 / ${perSecond}) as slot`);
  return new Date(row!.slot);
}

/** The JSON body every endpoint receives for an event. */
export function webhookBody(event: Pick<Event, "id" | "type" | "occurredAt" | "data">): string {
  return JSON.stringify({ id: event.id, type: event.type, timestamp: event.occurredAt.toISOString(), data: event.data });
}

/** Signed Standard Webhooks headers plus the endpoint's own, for one attempt. */
export function webhookHeaders(endpoint: Endpoint, messageId: string, body: string, now = new Date(), secrets = signingSecrets(endpoint, now)) {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    ...endpoint.headers,
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    "webhook-id": messageId,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signPayload({ secrets, messageId, timestamp, body }),
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

export type AttemptRequest = {
  deliveryId: string;
  trigger: Exclude<AttemptTrigger, "test">;
  /** A throttled attempt already reserved its rate-limit slot, which is now. */
  slotReserved?: boolean;
};

type Loaded = { delivery: Delivery; endpoint: Endpoint; event: Event };

/** At most this many requests in flight to one endpoint from one batch (TERN_ENDPOINT_CONCURRENCY, default 10). */
export function endpointConcurrency(): number {
  return numberSetting("TERN_ENDPOINT_CONCURRENCY", 10);
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/**
 * Makes one attempt of each requested delivery: signs and sends them (at most
 * `endpointConcurrency()` at a time per endpoint), records every attempt, and moves each delivery
 * on (succeeded, retry at a time, or failed). Safe to repeat after a crash: a finished delivery
 * is not sent again by a scheduled attempt. Outcomes come back in the order of `requests`.
 */
export async function attemptDeliveries(
  requests: AttemptRequest[],
  onEndpointDisabled: (disabled: EndpointDisabled) => Promise<void>,
): Promise<AttemptOutcome[]> {
  const ids = [...new Set(requests.map((request) => request.deliveryId))];
  if (ids.length === 0) return [];
  const rows = await db
    .select({ delivery: deliveries, endpoint: endpoints, event: events })
    .from(deliveries)
    .innerJoin(endpoints, eq(endpoints.id, deliveries.endpointId))
    .innerJoin(events, eq(events.id, deliveries.eventId))
    .where(sql`${deliveries.id} = any(${sql.param(ids)}::text[])`);
  const loaded = new Map(rows.map((row) => [row.delivery.id, row]));

  const outcomes = new Map<string, AttemptOutcome>();
  const byEndpoint = new Map<string, { request: AttemptRequest; loaded: Loaded }[]>();
  const seen = new Set<string>();
  for (const request of requests) {
    // A delivery requested twice in one batch gets one attempt.
    if (seen.has(request.deliveryId)) continue;
    seen.add(request.deliveryId);
    const row = loaded.get(request.deliveryId);
    if (!row) outcomes.set(request.deliveryId, { done: true, status: "gone" });
    else if (row.delivery.status === "succeeded") outcomes.set(request.deliveryId, { done: true, status: "succeeded" });
    else if (request.trigger === "scheduled" && (row.delivery.status === "failed" || row.delivery.status === "skipped")) {
      outcomes.set(request.deliveryId, { done: true, status: row.delivery.status });
    } else {
      const group = byEndpoint.get(row.endpoint.id) ?? [];
      group.push({ request, loaded: row });
      byEndpoint.set(row.endpoint.id, group);
    }
  }
  for (const group of byEndpoint.values()) {
    for (const [deliveryId, outcome] of await attemptForEndpoint(group, onEndpointDisabled)) outcomes.set(deliveryId, outcome);
  }
  return requests.map((request) => outcomes.get(request.deliveryId)!);
}

/** One attempt of one delivery; see attemptDeliveries. */
export async function attemptDelivery(
  deliveryId: string,
  trigger: Exclude<AttemptTrigger, "test">,
  onEndpointDisabled: (disabled: EndpointDisabled) => Promise<void>,
  options: { slotReserved?: boolean } = {},
): Promise<AttemptOutcome> {
  const [outcome] = await attemptDeliveries([{ deliveryId, trigger, slotReserved: options.slotReserved }], onEndpointDisabled);
  return outcome!;
}

async function attemptForEndpoint(
  items: { request: AttemptRequest; loaded: Loaded }[],
  onEndpointDisabled: (disabled: EndpointDisabled) => Promise<void>,
): Promise<Map<string, AttemptOutcome>> {
  const outcomes = new Map<string, AttemptOutcome>();
  const endpoint = items[0]!.loaded.endpoint;
  const ids = (list: { request: AttemptRequest }[]) => sql.param(list.map((item) => item.request.deliveryId));

  if (!endpoint.enabled) {
    await db.execute(sql`
      update deliveries set status = 'skipped', next_attempt_at = null, updated_at = now(),
        last_error = ${`Endpoint disabled: ${endpoint.disabledReason ?? "by an operator"}`}
      where id = any(${ids(items)}::text[])`);
    for (const item of items) outcomes.set(item.request.deliveryId, { done: true, status: "skipped" });
    return outcomes;
  }

  let sendable = items;
  if (endpoint.rateLimit) {
    const unreserved = items.filter((item) => !item.request.slotReserved);
    const throttled: { item: (typeof items)[number]; slot: Date }[] = [];
    if (unreserved.length) {
      const first = (await reserveSendSlots(endpoint.id, endpoint.rateLimit, unreserved.length)).getTime();
      unreserved.forEach((item, i) => {
        const slot = new Date(first + (i * 1000) / endpoint.rateLimit!);
        if (slot.getTime() - Date.now() > RATE_LIMIT_TOLERANCE_MS) throttled.push({ item, slot });
      });
    }
    if (throttled.length) {
      await db.execute(sql`
        update deliveries set next_attempt_at = slots.at::timestamptz, updated_at = now()
        from unnest(${ids(throttled.map((t) => t.item))}::text[], ${sql.param(throttled.map((t) => t.slot.toISOString()))}::text[]) as slots(id, at)
        where deliveries.id = slots.id`);
      for (const { item, slot } of throttled) {
        outcomes.set(item.request.deliveryId, { done: false, retryAt: slot.toISOString(), attemptNumber: item.loaded.delivery.attemptCount, throttled: true });
      }
      sendable = items.filter((item) => !outcomes.has(item.request.deliveryId));
    }
  }
  if (sendable.length === 0) return outcomes;

  await db.execute(sql`update deliveries set status = 'delivering', updated_at = now() where id = any(${ids(sendable)}::text[])`);
  const secrets = signingSecrets(endpoint, new Date());
  const disableAfter = disableAfterMs();
  let disabled: EndpointDisabled | undefined;
  let disableReason: string | undefined;
  let failure: unknown;

  // Attempts are recorded as they complete: whatever finished while the last write ran goes in
  // the next one, so a fast endpoint costs few statements and a slow one shows each attempt at once.
  const finished: DecidedAttempt[] = [];
  const flush = async () => {
    while (finished.length && failure === undefined) {
      const group = finished.splice(0);
      try {
        const recorded = await recordAttempts(endpoint.id, group);
        for (const attempt of group) {
          const attemptNumber = recorded.numbers[attempt.delivery_id];
          if (attemptNumber === undefined) outcomes.set(attempt.delivery_id, { done: true, status: "gone" });
          else if (attempt.status === "pending") outcomes.set(attempt.delivery_id, { done: false, retryAt: attempt.next_attempt_at!, attemptNumber });
          else outcomes.set(attempt.delivery_id, { done: true, status: attempt.status, attemptNumber });
        }
        const sustained =
          recorded.failing_ms !== null && recorded.failing_ms >= disableAfter && recorded.failed >= DISABLE_AFTER_MIN_FAILED_ATTEMPTS;
        const reason = group.some((attempt) => attempt.status_code === 410)
          ? "The endpoint answered 410 Gone."
          : sustained
            ? `Every attempt failed for more than ${formatDuration(disableAfter)} (${recorded.failed} attempts).`
            : undefined;
        if (reason && !disableReason) {
          disableReason = reason;
          disabled = await disableEndpoint(endpoint, reason);
        }
        if (disableReason) await failRetries(group, outcomes);
      } catch (error) {
        failure = error;
      }
    }
  };
  let flushing: Promise<void> | undefined;
  const unsent: typeof sendable = [];

  await forEachLimited(sendable, endpointConcurrency(), async (item) => {
    // Once the endpoint is disabled (or recording fails), the rest of the batch is not sent.
    if (disableReason || failure !== undefined) return void unsent.push(item);
    const body = webhookBody(item.loaded.event);
    const headers = webhookHeaders(endpoint, item.loaded.event.id, body, new Date(), secrets);
    const result = await sendWebhook({ url: endpoint.url, headers, body, timeoutMs: endpoint.timeoutMs });
    finished.push(decide(item, headers, result));
    flushing ??= flush().finally(() => (flushing = undefined));
  });
  while (flushing || (finished.length && failure === undefined)) await (flushing ??= flush().finally(() => (flushing = undefined)));
  if (failure !== undefined) throw failure;

  if (unsent.length) {
    await db.execute(sql`
      update deliveries set status = 'skipped', next_attempt_at = null, updated_at = now(), last_error = ${`Endpoint disabled: ${disableReason}`}
      where id = any(${ids(unsent)}::text[])`);
    for (const item of unsent) outcomes.set(item.request.deliveryId, { done: true, status: "skipped" });
  }
  // Announced after commit, so the operational event never describes an uncommitted change.
  if (disabled) await onEndpointDisabled(disabled);
  return outcomes;
}

type DecidedAttempt = {
  delivery_id: string;
  attempt_id: string;
  trigger: AttemptRequest["trigger"];
  status: "succeeded" | "failed" | "pending";
  next_attempt_at: string | null;
  status_code: number | null;
  error: string | null;
  request_headers: Record<string, string>;
  response_headers: Record<string, string> | null;
  response_body: string | null;
  duration_ms: number;
};

/** What an attempt's result means for its delivery: done, or when to try again. */
function decide({ request, loaded }: { request: AttemptRequest; loaded: Loaded }, headers: Record<string, string>, result: SendResult): DecidedAttempt {
  const succeeded = result.status !== undefined && result.status >= 200 && result.status < 300 && !result.timedOut;
  // The decision needs the attempt number; a concurrent manual attempt may make it one off, which only shifts the schedule.
  const delay =
    succeeded || result.status === 410 || request.trigger === "manual"
      ? null
      : nextRetryDelayMs({
          attemptNumber: loaded.delivery.attemptCount + 1,
          status: result.status,
          timedOut: result.timedOut,
          retryAfterSeconds: parseRetryAfter(result.headers?.["retry-after"]),
        });
  return {
    delivery_id: request.deliveryId,
    attempt_id: newId("att"),
    trigger: request.trigger,
    status: succeeded ? "succeeded" : delay === null ? "failed" : "pending",
    next_attempt_at: delay === null ? null : new Date(Date.now() + delay).toISOString(),
    status_code: result.status ?? null,
    error: succeeded ? null : failureMessage(result),
    request_headers: redactHeaders(headers),
    response_headers: result.headers ?? null,
    response_body: result.body ?? null,
    duration_ms: result.durationMs,
  };
}

/**
 * One statement records the attempts, moves each delivery on and updates the endpoint's failure
 * streak (taking the attempts in the order they completed). Returns each delivery's attempt number.
 */
async function recordAttempts(endpointId: string, group: DecidedAttempt[]) {
  const lastSuccess = group.findLastIndex((attempt) => attempt.status === "succeeded");
  const failuresAfter = group.length - 1 - lastSuccess;
  const streak =
    lastSuccess >= 0
      ? sql`failing_since = ${failuresAfter > 0 ? sql`now()` : sql`null`}, failed_attempts_since_success = ${failuresAfter}`
      : sql`failing_since = coalesce(failing_since, now()), failed_attempts_since_success = failed_attempts_since_success + ${failuresAfter}`;
  const [recorded] = await db.execute<{ numbers: Record<string, number> | null; failing_ms: number | null; failed: number }>(sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(group)}::jsonb) as i(delivery_id text, attempt_id text, trigger attempt_trigger, status delivery_status,
        next_attempt_at timestamptz, status_code int, error text, request_headers jsonb, response_headers jsonb, response_body text, duration_ms int)),
    counted as (
      update deliveries set attempt_count = attempt_count + 1, status = i.status, next_attempt_at = i.next_attempt_at,
        last_attempt_at = now(), last_status_code = i.status_code, last_error = i.error, updated_at = now()
      from input i
      where deliveries.id = i.delivery_id
      returning deliveries.id, deliveries.workspace_id, deliveries.event_id, deliveries.attempt_count),
    inserted as (
      insert into attempts (id, workspace_id, delivery_id, endpoint_id, event_id, number, trigger, request_headers,
        response_status, response_headers, response_body, error, duration_ms)
      select i.attempt_id, c.workspace_id, c.id, ${endpointId}, c.event_id, c.attempt_count, i.trigger, i.request_headers,
        i.status_code, i.response_headers, i.response_body, i.error, i.duration_ms
      from counted c join input i on i.delivery_id = c.id
      returning delivery_id, number),
    streak as (
      update endpoints set ${streak} where id = ${endpointId}
      returning failing_since, failed_attempts_since_success)
    select (select jsonb_object_agg(delivery_id, number) from inserted) as numbers,
      (extract(epoch from now() - streak.failing_since) * 1000)::float8 as failing_ms, streak.failed_attempts_since_success as failed
    from streak`);
  return { numbers: recorded?.numbers ?? {}, failing_ms: recorded?.failing_ms ?? null, failed: recorded?.failed ?? 0 };
}

/** Disables the endpoint unless it already is; what to announce when this call disabled it. */
async function disableEndpoint(endpoint: Endpoint, reason: string): Promise<EndpointDisabled | undefined> {
  const now = new Date();
  const [changed] = await db
    .update(endpoints)
    .set({ enabled: false, disabledReason: reason, disabledAt: now, updatedAt: now })
    .where(and(eq(endpoints.id, endpoint.id), eq(endpoints.enabled, true)))
    .returning({ id: endpoints.id });
  return changed ? { workspaceId: endpoint.workspaceId, endpointId: endpoint.id, url: endpoint.url, reason } : undefined;
}

/** Nothing more is sent to a disabled endpoint: what would have been retried has failed. */
async function failRetries(group: DecidedAttempt[], outcomes: Map<string, AttemptOutcome>) {
  const retrying = group.filter((attempt) => attempt.status === "pending").map((attempt) => attempt.delivery_id);
  if (retrying.length === 0) return;
  await db.execute(sql`update deliveries set status = 'failed', next_attempt_at = null where id = any(${sql.param(retrying)}::text[])`);
  for (const deliveryId of retrying) {
    const outcome = outcomes.get(deliveryId);
    outcomes.set(deliveryId, { done: true, status: "failed", attemptNumber: outcome && !outcome.done ? outcome.attemptNumber : undefined });
  }
}
