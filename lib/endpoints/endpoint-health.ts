// How an endpoint is doing, judged on its attempts rather than on deliveries whose retries ran
// out: with the default schedule those take days, and an endpoint that fails every attempt must
// never look healthy meanwhile.
//
// The rule, in order:
// - failing: its last TERN_FAILING_AFTER_ATTEMPTS (default 3) or more attempts all failed
//   (endpoints.failed_attempts_since_success, kept by every recorded attempt);
// - idle: no attempt in the last 24 hours;
// - degraded: at least 10 % of its attempts in the last 15 minutes failed (of its latest 1,000
//   there, which bounds the read for a busy endpoint);
// - healthy otherwise.
import { type SQL, sql } from "drizzle-orm";
import { db } from "@/db";
import { attemptRollups, attempts, endpoints } from "@/db/schema";
import { setting } from "@/lib/config/settings";

const DEGRADED_ERROR_RATE = 0.1;
const RECENT_MINUTES = 15;
const RECENT_ATTEMPTS_READ = 1_000;
const IDLE_AFTER_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export type HealthState = "failing" | "degraded" | "healthy" | "idle";

export type HealthFacts = {
  /** Failed attempts since the last success. */
  failedInARow: number;
  /** Attempts in the last 15 minutes, and how many of them failed. */
  recentAttempts: number;
  recentFailed: number;
  lastAttemptAt: Date | null;
  /** Why the last attempt failed, as recorded on it ("Endpoint answered HTTP 500"). */
  lastError: string | null;
};

/** The endpoint's health state and, unless healthy or idle, the reason in words. */
export function healthState(facts: HealthFacts, now = new Date()): { state: HealthState; reason: string } {
  if (facts.failedInARow >= setting("TERN_FAILING_AFTER_ATTEMPTS")) {
    const cause = facts.lastError ? `: ${facts.lastError.replace(/^Endpoint answered /, "")}` : "";
    return { state: "failing", reason: `Last ${facts.failedInARow} attempts failed${cause}` };
  }
  if (!facts.lastAttemptAt || now.getTime() - facts.lastAttemptAt.getTime() > IDLE_AFTER_MS) {
    return { state: "idle", reason: "No attempt in the last 24 hours" };
  }
  if (facts.recentAttempts > 0 && facts.recentFailed / facts.recentAttempts >= DEGRADED_ERROR_RATE) {
    return {
      state: "degraded",
      reason: `${facts.recentFailed} of ${facts.recentAttempts} attempts failed in the last ${RECENT_MINUTES} minutes`,
    };
  }
  return { state: "healthy", reason: facts.failedInARow > 0 ? `Last attempt failed (${facts.failedInARow} in a row)` : "Last attempt succeeded" };
}

/** Endpoints that are failing by the rule above, as a condition on the endpoints table. */
export function isFailing(): SQL {
  // The constant first term lets an index on the endpoints with a run of failures serve any threshold.
  return sql`(${endpoints.failedAttemptsSinceSuccess} > 0 and ${endpoints.failedAttemptsSinceSuccess} >= ${setting("TERN_FAILING_AFTER_ATTEMPTS")})`;
}

export type EndpointHealth = {
  state: HealthState;
  reason: string;
  lastAttemptAt: string | null;
  /** Over the last 24 hours, from the hourly rollups: attempts, successful (2xx) ones, and attempts per hour, oldest first. */
  attempts: number;
  succeeded: number;
  hourly: number[];
};

/**
 * Health of the given endpoints of the workspace (a page of them). Reads only those endpoints'
 * rows: their last attempt and last 15 minutes by attempts_endpoint_created_idx, and 25 hourly
 * rollup keys each, so the cost does not grow with the workspace.
 */
export async function endpointHealth(workspaceId: string, endpointIds: string[], now = new Date()): Promise<Map<string, EndpointHealth>> {
  if (endpointIds.length === 0) return new Map();
  const ids = [...new Set(endpointIds)];
  const idList = sql`array[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::text[]`;
  const firstHour = Math.floor((now.getTime() - IDLE_AFTER_MS) / HOUR_MS) * HOUR_MS;
  const hours = Array.from({ length: 25 }, (_, i) => new Date(firstHour + i * HOUR_MS).toISOString());
  const hourList = sql`array[${sql.join(
    hours.map((hour) => sql`${hour}`),
    sql`, `,
  )}]::timestamptz[]`;
  const recentSince = new Date(now.getTime() - RECENT_MINUTES * 60_000).toISOString();

  const factsQuery = db.execute<{
    id: string;
    failedInARow: number;
    recentAttempts: number | null;
    recentFailed: number | null;
    lastAttemptAt: string | null;
    lastError: string | null;
  }>(sql`
    select e.id, e.failed_attempts_since_success as "failedInARow", recent.attempts as "recentAttempts", recent.failed as "recentFailed",
           last.created_at as "lastAttemptAt", last.error as "lastError"
    from (select ${endpoints.id} as id, ${endpoints.failedAttemptsSinceSuccess} as failed_attempts_since_success
          from ${endpoints} where ${endpoints.workspaceId} = ${workspaceId} and ${endpoints.id} = any(${idList})) e
    left join lateral (
      select count(*)::int as attempts, count(*) filter (where failed)::int as failed
      from (select ${attempts.error} is not null as failed from ${attempts}
            where ${attempts.endpointId} = e.id and ${attempts.createdAt} > ${recentSince}::timestamptz
            order by ${attempts.createdAt} desc limit ${RECENT_ATTEMPTS_READ}) latest
    ) recent on true
    left join lateral (
      select ${attempts.createdAt} as created_at, ${attempts.error} as error
      from ${attempts} where ${attempts.endpointId} = e.id order by ${attempts.createdAt} desc limit 1
    ) last on true`);
  const hourlyQuery = db.execute<{ endpointId: string; hour: string; attempts: number; succeeded: number }>(sql`
    select ${attemptRollups.endpointId} as "endpointId", ${attemptRollups.hour} as hour, sum(${attemptRollups.count})::int as attempts,
           coalesce(sum(${attemptRollups.count}) filter (where ${attemptRollups.status} between 200 and 299), 0)::int as succeeded
    from ${attemptRollups}
    where ${attemptRollups.workspaceId} = ${workspaceId} and ${attemptRollups.hour} = any(${hourList}) and ${attemptRollups.endpointId} = any(${idList})
    group by 1, 2`);
  const [facts, hourly] = await Promise.all([factsQuery, hourlyQuery]);

  const health = new Map<string, EndpointHealth>();
  for (const row of facts) {
    const lastAttemptAt = row.lastAttemptAt ? new Date(row.lastAttemptAt) : null;
    const { state, reason } = healthState(
      { failedInARow: row.failedInARow, recentAttempts: row.recentAttempts ?? 0, recentFailed: row.recentFailed ?? 0, lastAttemptAt, lastError: row.lastError },
      now,
    );
    health.set(row.id, { state, reason, lastAttemptAt: lastAttemptAt?.toISOString() ?? null, attempts: 0, succeeded: 0, hourly: Array<number>(25).fill(0) });
  }
  for (const row of hourly) {
    const entry = health.get(row.endpointId);
    if (!entry) continue;
    entry.attempts += row.attempts;
    entry.succeeded += row.succeeded;
    const index = Math.round((new Date(row.hour).getTime() - firstHour) / HOUR_MS);
    entry.hourly[index] = (entry.hourly[index] ?? 0) + row.attempts;
  }
  return health;
}
