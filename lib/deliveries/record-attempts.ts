// Recording attempts: the one writer of attempts and of what they mean for their deliveries,
// for scheduled, manual and test sends alike.
import { type AnyColumn, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { type Database, isDeadlock, type Transaction } from "@/db";
import { attempts, type attemptTrigger, deliveries } from "@/db/schema";
import { columnList, unqualified } from "@/db/sql";
import { nextRetryDelayMs } from "@/lib/deliveries/retry-schedule";
import { type FailureStreak, failureStreakUpdate } from "@/lib/endpoints/health";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { parseRetryAfter } from "@/lib/time/duration";
import { failureMessage, redactHeaders, wasDelivered } from "@/lib/webhooks/message";
import { storableText } from "@/lib/webhooks/response";
import type { SendResult } from "@/lib/webhooks/send";

export type AttemptTrigger = (typeof attemptTrigger.enumValues)[number];

/** One attempt as recorded, with what it means for its delivery. */
export type DecidedAttempt = {
  delivery_id: string;
  attempt_id: string;
  /** When the request went out: the attempt's time, from which its retry is scheduled too. */
  attempted_at: string;
  trigger: AttemptTrigger;
  /** `retrying`: failed, and tried again at `next_attempt_at`. */
  status: "succeeded" | "failed" | "retrying";
  next_attempt_at: string | null;
  status_code: number | null;
  error: string | null;
  request_headers: Record<string, string>;
  response_headers: Record<string, string> | null;
  response_body: string | null;
  response_body_binary: boolean;
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
    status: delivered ? "succeeded" : delay === null ? "failed" : "retrying",
    next_attempt_at: delay === null ? null : new Date(Date.now() + delay).toISOString(),
    status_code: result.status ?? null,
    error: delivered ? null : failureMessage(result),
    request_headers: redactHeaders(headers),
    response_headers: result.headers ?? null,
    response_body: result.body ?? null,
    response_body_binary: result.bodyBinary,
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
 * Nothing an attempt holds makes it fail: text PostgreSQL refuses is made storable, and when it
 * still refuses a group's values, each attempt is recorded alone, a refused one without its
 * request and response, so one attempt never holds back the others.
 */
export async function recordAttempts(
  tx: Database | Transaction,
  endpointId: string,
  group: DecidedAttempt[],
  { test = false }: { test?: boolean } = {},
): Promise<RecordedAttempts> {
  try {
    return await writeThroughDeadlocks(tx, endpointId, group, test);
  } catch (error) {
    if (!refusedValues(error)) throw error;
    if (group.length > 1) {
      let recorded: RecordedAttempts = { numbers: {}, streak: null };
      for (const attempt of group) {
        const alone = await recordAttempts(tx, endpointId, [attempt], { test });
        // The run before the first attempt and after the last: together, what the whole group changed.
        const streak = alone.streak && { ...alone.streak, failedBefore: recorded.streak?.failedBefore ?? alone.streak.failedBefore };
        recorded = { numbers: { ...recorded.numbers, ...alone.numbers }, streak };
      }
      return recorded;
    }
    const [attempt] = group as [DecidedAttempt];
    log.error(
      { err: error, endpointId, deliveryId: attempt.delivery_id, attemptId: attempt.attempt_id },
      "PostgreSQL refused an attempt's values; it is recorded without its request and response",
    );
    return writeAttempts(tx, endpointId, [withoutExchange(attempt, sqlState(error)!)], test);
  }
}

// PostgreSQL breaks a deadlock by rolling one statement back whole, so that one is run again.
// Recorders of one endpoint queue on its row (failureStreakUpdate), and one can deadlock with
// another: it reads the row under a lock and then updates it, two accesses in one statement, and
// when a third recorder's update commits in between, the update must wait for the row's newest
// version behind a recorder that waits for this one.
const DEADLOCK_TRIES = 3;

async function writeThroughDeadlocks(tx: Database | Transaction, endpointId: string, group: DecidedAttempt[], test: boolean): Promise<RecordedAttempts> {
  for (let tries = 1; ; tries++) {
    try {
      // In a transaction a failed statement would abort it all; a savepoint keeps it usable for another try.
      return tx instanceof PgTransaction
        ? await tx.transaction((savepoint) => writeAttempts(savepoint, endpointId, group, test))
        : await writeAttempts(tx, endpointId, group, test);
    } catch (error) {
      if (!isDeadlock(error) || tries === DEADLOCK_TRIES) throw error;
      log.warn({ endpointId, tries }, "Recording attempts was chosen to break a deadlock; recording them again");
    }
  }
}

/** The SQLSTATE of the PostgreSQL error behind `error`, which drizzle wraps as its cause. */
function sqlState(error: unknown): string | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const { code, severity } = cause as { code?: unknown; severity?: unknown };
    if (typeof code === "string" && typeof severity === "string") return code;
  }
  return undefined;
}

/** PostgreSQL refused the values themselves (class 22, a data exception; 54, over a limit), not the statement or the connection. */
function refusedValues(error: unknown): boolean {
  return /^(22|54)/.test(sqlState(error) ?? "");
}

/** What is left of an attempt whose values PostgreSQL refused: that it was made, and what that means for its delivery. */
function withoutExchange(attempt: DecidedAttempt, code: string): DecidedAttempt {
  return {
    ...attempt,
    status_code: null,
    request_headers: {},
    response_headers: null,
    response_body: null,
    response_body_binary: false,
    error: `The attempt was made, but its request and response could not be stored (PostgreSQL error ${code}).`,
  };
}

/** The group as JSON for the statement, with any text PostgreSQL would refuse (in names or values) made storable. */
function storableJson(group: DecidedAttempt[]): string {
  return JSON.stringify(group, (_key, value: unknown) => {
    if (typeof value === "string") return storableText(value);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).map(([name, inner]) => [storableText(name), inner]));
    }
    return value;
  });
}

async function writeAttempts(tx: Database | Transaction, endpointId: string, group: DecidedAttempt[], test: boolean): Promise<RecordedAttempts> {
  const d = (column: AnyColumn) => unqualified(column);
  const c = (column: AnyColumn) => sql`c.${unqualified(column)}`;
  const streak = test
    ? null
    : failureStreakUpdate(
        endpointId,
        group.map((attempt) => attempt.status === "succeeded"),
      );
  // An attempt is inserted only beside its delivery's update, whose row lock keeps the delivery
  // (and through its key, the endpoint) in place until commit: attempts have no foreign keys of
  // their own (db/schema.ts), and a delivery deleted first gets no attempt.
  // The ids again as an array, beside the JSON: PostgreSQL cannot tell how many rows a JSON
  // document holds (it assumes 100), and with that guess it hashed all of deliveries to update a few.
  const [row] = await tx.execute<{ numbers: Record<string, number> | null; failing_ms?: number | null; failed?: number; failed_before?: number }>(sql`
    with input as (
      select * from jsonb_to_recordset(${storableJson(group)}::jsonb) as i(delivery_id text, attempt_id text, attempted_at timestamptz, trigger attempt_trigger, status delivery_status,
        next_attempt_at timestamptz, status_code int, error text, request_headers jsonb, response_headers jsonb, response_body text, response_body_binary boolean, duration_ms int)),
    counted as (
      update ${deliveries} set ${d(deliveries.attemptCount)} = ${deliveries.attemptCount} + 1, ${d(deliveries.status)} = i.status,
        ${d(deliveries.nextAttemptAt)} = i.next_attempt_at, ${d(deliveries.lastAttemptAt)} = i.attempted_at, ${d(deliveries.lastStatusCode)} = i.status_code,
        ${d(deliveries.lastError)} = i.error, ${d(deliveries.updatedAt)} = now()
      from input i
      where ${deliveries.id} = i.delivery_id and ${deliveries.id} = any(${sql.param(group.map((attempt) => attempt.delivery_id))}::text[])
      returning ${deliveries.id}, ${deliveries.workspaceId}, ${deliveries.endpointId}, ${deliveries.eventId}, ${deliveries.attemptCount}),
    inserted as (
      insert into ${attempts} (${columnList(attempts.id, attempts.workspaceId, attempts.deliveryId, attempts.endpointId, attempts.eventId, attempts.number, attempts.trigger, attempts.requestHeaders, attempts.responseStatus, attempts.responseHeaders, attempts.responseBody, attempts.responseBodyBinary, attempts.error, attempts.durationMs, attempts.createdAt)})
      select i.attempt_id, ${c(deliveries.workspaceId)}, ${c(deliveries.id)}, ${c(deliveries.endpointId)}, ${c(deliveries.eventId)}, ${c(deliveries.attemptCount)}, i.trigger, i.request_headers,
        i.status_code, i.response_headers, i.response_body, i.response_body_binary, i.error, i.duration_ms, i.attempted_at
      from counted c join input i on i.delivery_id = ${c(deliveries.id)}
      returning ${attempts.deliveryId}, ${attempts.number})
    ${streak ? sql`, streak as (${streak})` : sql``}
    select (select jsonb_object_agg(${unqualified(attempts.deliveryId)}, ${unqualified(attempts.number)}) from inserted) as numbers
      ${streak ? sql`, streak.failing_ms, streak.failed, streak.failed_before from streak` : sql``}`);
  return {
    numbers: row?.numbers ?? {},
    streak: streak ? { failingMs: row?.failing_ms ?? null, failed: row?.failed ?? 0, failedBefore: row?.failed_before ?? 0 } : null,
  };
}
