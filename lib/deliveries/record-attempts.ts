// Recording attempts: the one writer of attempts and of what they mean for their deliveries,
// for scheduled, manual and test sends alike.
import { type AnyColumn, sql } from "drizzle-orm";
import type { Database, Transaction } from "@/db";
import { attempts, type attemptTrigger, deliveries } from "@/db/schema";
import { columnList, unqualified } from "@/db/sql";
import { nextRetryDelayMs } from "@/lib/deliveries/retry-schedule";
import { type FailureStreak, failureStreakUpdate } from "@/lib/endpoints/health";
import { newId } from "@/lib/ids";
import { parseRetryAfter } from "@/lib/time/duration";
import { failureMessage, redactHeaders, wasDelivered } from "@/lib/webhooks/message";
import type { SendResult } from "@/lib/webhooks/send";

export type AttemptTrigger = (typeof attemptTrigger.enumValues)[number];

/** One attempt as recorded, with what it means for its delivery. */
export type DecidedAttempt = {
  delivery_id: string;
  attempt_id: string;
  /** When the request went out: the attempt's time, from which its retry is scheduled too. */
  attempted_at: string;
  trigger: AttemptTrigger;
  /** `pending`: failed, and tried again at `next_attempt_at`. */
  status: "succeeded" | "failed" | "pending";
  next_attempt_at: string | null;
  status_code: number | null;
  error: string | null;
  request_headers: Record<string, string>;
  response_headers: Record<string, string> | null;
  response_body: string | null;
  duration_ms: number;
};

/**
 * What an attempt's result means for its delivery: done, or when to try again. Only scheduled
 * attempts are followed by the schedule's next one; `attemptNumber` is this attempt's.
 */
export function decideAttempt(
  attempt: { deliveryId: string; trigger: AttemptTrigger; attemptNumber: number; sentAt: Date },
  headers: Record<string, string>,
  result: SendResult,
): DecidedAttempt {
  const delivered = wasDelivered(result);
  const delay =
    delivered || result.status === 410 || attempt.trigger !== "scheduled"
      ? null
      : nextRetryDelayMs({
          attemptNumber: attempt.attemptNumber,
          status: result.status,
          timedOut: result.timedOut,
          retryAfterSeconds: parseRetryAfter(result.headers?.["retry-after"]),
        });
  return {
    delivery_id: attempt.deliveryId,
    attempt_id: newId("att"),
    attempted_at: attempt.sentAt.toISOString(),
    trigger: attempt.trigger,
    status: delivered ? "succeeded" : delay === null ? "failed" : "pending",
    next_attempt_at: delay === null ? null : new Date(Date.now() + delay).toISOString(),
    status_code: result.status ?? null,
    error: delivered ? null : failureMessage(result),
    request_headers: redactHeaders(headers),
    response_headers: result.headers ?? null,
    response_body: result.body ?? null,
    duration_ms: result.durationMs,
  };
}

export type RecordedAttempts = {
  /** Each delivery's attempt number; a delivery missing here is gone (deleted meanwhile). */
  numbers: Record<string, number>;
  /** The endpoint's run of failures after these attempts; null for test sends, which do not count towards it. */
  streak: FailureStreak | null;
};

/**
 * One statement records the attempts of one endpoint's deliveries, taken in the order they
 * completed: each attempt, its delivery moved on, and (unless `test`) the endpoint's failure streak.
 */
export async function recordAttempts(
  tx: Database | Transaction,
  endpointId: string,
  group: DecidedAttempt[],
  { test = false }: { test?: boolean } = {},
): Promise<RecordedAttempts> {
  const d = (column: AnyColumn) => unqualified(column);
  const c = (column: AnyColumn) => sql`c.${unqualified(column)}`;
  const streak = test
    ? null
    : failureStreakUpdate(
        endpointId,
        group.map((attempt) => attempt.status === "succeeded"),
      );
  const [row] = await tx.execute<{ numbers: Record<string, number> | null; failing_ms?: number | null; failed?: number }>(sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(group)}::jsonb) as i(delivery_id text, attempt_id text, attempted_at timestamptz, trigger attempt_trigger, status delivery_status,
        next_attempt_at timestamptz, status_code int, error text, request_headers jsonb, response_headers jsonb, response_body text, duration_ms int)),
    counted as (
      update ${deliveries} set ${d(deliveries.attemptCount)} = ${deliveries.attemptCount} + 1, ${d(deliveries.status)} = i.status,
        ${d(deliveries.nextAttemptAt)} = i.next_attempt_at, ${d(deliveries.lastAttemptAt)} = i.attempted_at, ${d(deliveries.lastStatusCode)} = i.status_code,
        ${d(deliveries.lastError)} = i.error, ${d(deliveries.updatedAt)} = now()
      from input i
      where ${deliveries.id} = i.delivery_id
      returning ${deliveries.id}, ${deliveries.workspaceId}, ${deliveries.eventId}, ${deliveries.attemptCount}),
    inserted as (
      insert into ${attempts} (${columnList(attempts.id, attempts.workspaceId, attempts.deliveryId, attempts.endpointId, attempts.eventId, attempts.number, attempts.trigger, attempts.requestHeaders, attempts.responseStatus, attempts.responseHeaders, attempts.responseBody, attempts.error, attempts.durationMs, attempts.createdAt)})
      select i.attempt_id, ${c(deliveries.workspaceId)}, ${c(deliveries.id)}, ${endpointId}, ${c(deliveries.eventId)}, ${c(deliveries.attemptCount)}, i.trigger, i.request_headers,
        i.status_code, i.response_headers, i.response_body, i.error, i.duration_ms, i.attempted_at
      from counted c join input i on i.delivery_id = ${c(deliveries.id)}
      returning ${attempts.deliveryId}, ${attempts.number})
    ${streak ? sql`, streak as (${streak})` : sql``}
    select (select jsonb_object_agg(${unqualified(attempts.deliveryId)}, ${unqualified(attempts.number)}) from inserted) as numbers
      ${streak ? sql`, streak.failing_ms, streak.failed from streak` : sql``}`);
  return {
    numbers: row?.numbers ?? {},
    streak: streak ? { failingMs: row?.failing_ms ?? null, failed: row?.failed ?? 0 } : null,
  };
}
