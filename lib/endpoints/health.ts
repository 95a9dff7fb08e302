// What delivery writes on an endpoint: its rate-limit slots, its run of failed attempts, and
// disabling it when that run shows the endpoint is gone or has been failing for days.
import { and, eq, type SQL, sql } from "drizzle-orm";
import { db } from "@/db";
import { type Endpoint, endpoints } from "@/db/schema";
import { unqualified } from "@/db/sql";
import { setting } from "@/lib/config/settings";

const DISABLE_AFTER_MIN_FAILED_ATTEMPTS = 10;

/**
 * Reserves the endpoint's next `count` send slots under its rate limit: each send pushes the
 * next free slot 1/rate seconds further, atomically, so instances sharing the endpoint never
 * exceed it. Returns the first slot; the others follow 1/rate seconds apart.
 */
export async function reserveSendSlots(endpointId: string, perSecond: number, count: number): Promise<Date> {
  const span = sql`make_interval(secs => ${count}::float8 / ${perSecond})`;
  const [row] = await db.execute<{ slot: string }>(sql`
    update ${endpoints}
    set ${unqualified(endpoints.rateLimitNextAt)} = greatest(coalesce(${endpoints.rateLimitNextAt}, now()), now()) + ${span}
    where ${endpoints.id} = ${endpointId}
    returning ${endpoints.rateLimitNextAt} - ${span} as slot`);
  return new Date(row!.slot);
}

export type FailureStreak = {
  failingMs: number | null;
  failed: number;
  /** The run of failed attempts before these attempts: with `failed`, whether the endpoint started or stopped failing. */
  failedBefore: number;
};

/**
 * An update of the endpoint's run of failed attempts by attempts that completed in the order of
 * `delivered`, returning `failing_ms`, `failed` and `failed_before`: for a CTE of the statement
 * that records them. The row is read FOR NO KEY UPDATE before it is changed, so batches recording
 * at once queue on it and each sees the run the previous one left: a crossing is seen exactly once.
 * That lock leaves the endpoint's key alone, so publishing, whose new deliveries' foreign keys
 * share-lock it, does not wait for a batch's write to commit.
 */
export function failureStreakUpdate(endpointId: string, delivered: boolean[]): SQL {
  const lastSuccess = delivered.lastIndexOf(true);
  const failuresAfter = delivered.length - 1 - lastSuccess;
  const failingSince = unqualified(endpoints.failingSince);
  const failed = unqualified(endpoints.failedAttemptsSinceSuccess);
  const streak =
    lastSuccess >= 0
      ? sql`${failingSince} = ${failuresAfter > 0 ? sql`now()` : sql`null`}, ${failed} = ${failuresAfter}`
      : sql`${failingSince} = coalesce(${endpoints.failingSince}, now()), ${failed} = ${endpoints.failedAttemptsSinceSuccess} + ${failuresAfter}`;
  return sql`
    update ${endpoints} set ${streak}
    from (select ${endpoints.failedAttemptsSinceSuccess} as failed_before from ${endpoints} where ${endpoints.id} = ${endpointId} for no key update) as before
    where ${endpoints.id} = ${endpointId}
    returning (extract(epoch from now() - ${endpoints.failingSince}) * 1000)::float8 as failing_ms, ${endpoints.failedAttemptsSinceSuccess} as failed, before.failed_before`;
}

/** A change in the endpoint's health; `failedAttempts` is the run of failures that reached the threshold, or that a success ended. */
export type StreakChange = { change: "failing" | "recovered"; failedAttempts: number };

/**
 * What attempts that completed in the order of `delivered` changed in the endpoint's health: it
 * started failing (its run of failed attempts reached TERN_FAILING_AFTER_ATTEMPTS), recovered (the
 * first success after that), or both in that order when a new run began after the success.
 */
export function streakChanges(delivered: boolean[], streak: FailureStreak): StreakChange[] {
  const threshold = setting("TERN_FAILING_AFTER_ATTEMPTS");
  const firstSuccess = delivered.indexOf(true);
  const changes: StreakChange[] = [];
  // Failing is what the stored run says: a run that reached the threshold only between two of these attempts never announced it.
  if (firstSuccess >= 0 && streak.failedBefore >= threshold) changes.push({ change: "recovered", failedAttempts: streak.failedBefore + firstSuccess });
  // After a success the run restarted from zero within these attempts.
  const runBefore = firstSuccess >= 0 ? 0 : streak.failedBefore;
  if (runBefore < threshold && streak.failed >= threshold) changes.push({ change: "failing", failedAttempts: streak.failed });
  return changes;
}

function formatDuration(ms: number): string {
  if (ms >= 86_400_000) return `${+(ms / 86_400_000).toFixed(1)} days`;
  if (ms >= 3_600_000) return `${+(ms / 3_600_000).toFixed(1)} hours`;
  return `${Math.round(ms / 1000)} seconds`;
}

/** Why the endpoint must be disabled now: it answered 410 Gone, or every attempt failed for TERN_DISABLE_AFTER (and at least 10 times). */
export function disableReason(statusCodes: (number | null)[], streak: FailureStreak): string | undefined {
  if (statusCodes.includes(410)) return "The endpoint answered 410 Gone.";
  const disableAfter = setting("TERN_DISABLE_AFTER");
  if (streak.failingMs !== null && streak.failingMs >= disableAfter && streak.failed >= DISABLE_AFTER_MIN_FAILED_ATTEMPTS) {
    return `Every attempt failed for more than ${formatDuration(disableAfter)} (${streak.failed} attempts).`;
  }
  return undefined;
}

export type EndpointDisabled = { workspaceId: string; endpointId: string; tenantId: string | null; url: string; reason: string };

/** Disables the endpoint unless it already is; what to announce when this call disabled it. */
export async function disableEndpoint(endpoint: Endpoint, reason: string): Promise<EndpointDisabled | undefined> {
  const now = new Date();
  const [changed] = await db
    .update(endpoints)
    .set({ enabled: false, disabledReason: reason, disabledAt: now, updatedAt: now })
    .where(and(eq(endpoints.id, endpoint.id), eq(endpoints.enabled, true)))
    .returning({ id: endpoints.id });
  return changed ? { workspaceId: endpoint.workspaceId, endpointId: endpoint.id, tenantId: endpoint.tenantId, url: endpoint.url, reason } : undefined;
}
