import { type AnyColumn, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { type HistogramColumn, histogramColumns } from "@/db/latency-histogram";
import { attemptRollups, attempts, deliveries, deliveryRollups, endpoints } from "@/db/schema";
import { statusIs } from "@/lib/deliveries/status-filter";
import { isFailing } from "@/lib/endpoints/endpoint-health";
import { DomainError } from "@/lib/errors";
import { tenantFilter } from "@/lib/tenants/filter";
import { tenantRef } from "@/lib/tenants/schemas";
import { isoTimestamp } from "@/lib/time/timestamp";
import { TIMEOUT_ERROR_PREFIX } from "@/lib/webhooks/send";
import { emptyHistogram, histogramPercentile, LATENCY_BUCKETS, type LatencyHistogram, mergeHistogram } from "./latency-histogram";
import { countTimeouts, noStatusClasses, STATUS_CLASSES, type StatusClassCounts, statusClass } from "./status-classes";

const MAX_RANGE_DAYS = 90;

export const statsQuery = z.strictObject({
  from: isoTimestamp.optional(),
  to: isoTimestamp.optional(),
  tenant: tenantRef.optional(),
  endpointId: z.string().min(1).max(64).optional(),
  bucket: z.enum(["hour", "day"]).optional(),
});

export type StatsQuery = Omit<z.output<typeof statsQuery>, "bucket"> & { bucket?: "minute" | "hour" | "day" };

const BUCKET_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

function fillBuckets<T extends { time: string | Date }, E>(from: Date, to: Date, bucket: keyof typeof BUCKET_MS, rows: T[], empty: (time: string) => E) {
  const size = BUCKET_MS[bucket];
  const byTime = new Map(rows.map((row) => [new Date(row.time).getTime(), { ...row, time: new Date(row.time).toISOString() }]));
  const points: ((T & { time: string }) | E)[] = [];
  for (let t = Math.floor(from.getTime() / size) * size; t <= to.getTime(); t += size) {
    points.push(byTime.get(t) ?? empty(new Date(t).toISOString()));
  }
  return points;
}

const HOUR_MS = 3_600_000;

type Window = { from: Date; to: Date };

/**
 * Splits [from, to) into whole hours, answered from the rollup tables, and the ragged edges,
 * read from raw rows (at most two partial hours). Minute buckets read raw rows only; they are
 * used for ranges of two hours or less.
 */
function splitRange(from: Date, to: Date, bucket: keyof typeof BUCKET_MS) {
  const firstHour = new Date(Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS);
  const lastHour = new Date(Math.floor(to.getTime() / HOUR_MS) * HOUR_MS);
  if (bucket === "minute" || firstHour >= lastHour) return { hours: null, raw: [{ from, to }] };
  const edges = [
    { from, to: firstHour },
    { from: lastHour, to },
  ].filter((edge) => edge.from < edge.to);
  return { hours: { from: firstHour, to: lastHour }, raw: edges };
}

const inWindows = (column: AnyColumn, windows: Window[]) =>
  windows.length === 0
    ? sql`false`
    : sql`(${sql.join(
        windows.map((w) => sql`(${column} >= ${w.from.toISOString()}::timestamptz and ${column} < ${w.to.toISOString()}::timestamptz)`),
        sql` or `,
      )})`;

type DeliveryRow = {
  time: string | null;
  endpointId: string | null;
  url: string | null;
  level: number;
  pending: number;
  retrying: number;
  succeeded: number;
  failed: number;
  skipped: number;
  total: number;
  attempts: number;
};
type AttemptRow = { time: string; status: number; count: number; min: number | null; max: number | null } & Record<HistogramColumn, number>;

/**
 * Delivery health over a time range: totals by outcome, success rate, attempts per delivery,
 * attempt success rate, latency percentiles, status codes and their classes, top failing
 * endpoints and time series by outcome, latency and response class; and, now, the deliveries
 * retrying and the endpoints failing.
 * Whole hours come from the trigger-maintained rollups, so the cost depends on the number of
 * hours and endpoints in the range, not on the number of deliveries; only telling timeouts from
 * other attempts without a response reads attempts, those of the endpoint-hours that had any.
 * Counts are exact; latency percentiles come from a log histogram (db/latency-histogram.ts).
 */
export async function deliveryStats(workspaceId: string, query: StatsQuery) {
  const to = query.to ? new Date(query.to) : new Date();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 86_400_000);
  if (from >= to) throw new DomainError("invalid", "from must be before to.", "from");
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
    throw new DomainError("invalid", `The range can span at most ${MAX_RANGE_DAYS} days.`, "from");
  }
  const span = to.getTime() - from.getTime();
  const bucket = query.bucket ?? (span <= 2 * 3_600_000 ? "minute" : span <= 2 * 86_400_000 ? "hour" : "day");
  const { hours, raw } = splitRange(from, to, bucket);
  const tenantId = await tenantFilter(workspaceId, query.tenant, query);
  // Rollups and attempts know their endpoint, not its tenant: a tenant's are its endpoints' (at most a few dozen).
  const endpointFilter = (table: { endpointId: AnyColumn }) => sql`
    ${query.endpointId ? sql`and ${table.endpointId} = ${query.endpointId}` : sql``}
    ${tenantId ? sql`and ${table.endpointId} in (select ${endpoints.id} from ${endpoints} where ${endpoints.workspaceId} = ${workspaceId} and ${endpoints.tenantId} = ${tenantId})` : sql``}`;
  const inHours = (rollups: typeof deliveryRollups | typeof attemptRollups) =>
    hours
      ? sql`${rollups.workspaceId} = ${workspaceId} and ${rollups.hour} >= ${hours.from.toISOString()}::timestamptz and ${rollups.hour} < ${hours.to.toISOString()}::timestamptz ${endpointFilter(rollups)}`
      : sql`false`;
  const inRaw = (history: typeof deliveries | typeof attempts) =>
    sql`${history.workspaceId} = ${workspaceId} and ${inWindows(history.createdAt, raw)} ${endpointFilter(history)}`;

  // One scan of rollups plus edges, grouped three ways: per time bucket (level 1), per
  // endpoint (level 2) and overall (level 3).
  const deliveryRows = db.execute<DeliveryRow>(sql`
    with d as (
      select date_trunc(${bucket}, ${deliveryRollups.hour}, 'UTC') as time, ${deliveryRollups.endpointId} as endpoint_id,
             ${deliveryRollups.pending} + ${deliveryRollups.delivering} as pending, ${deliveryRollups.retrying} as retrying, ${deliveryRollups.succeeded} as succeeded,
             ${deliveryRollups.failed} as failed, ${deliveryRollups.skipped} as skipped, ${deliveryRollups.total} as total, ${deliveryRollups.attempts} as attempts
      from ${deliveryRollups} where ${inHours(deliveryRollups)}
      union all
      select date_trunc(${bucket}, ${deliveries.createdAt}, 'UTC'), ${deliveries.endpointId}, (${deliveries.status} in ('pending', 'delivering'))::int,
             (${deliveries.status} = 'retrying')::int, (${deliveries.status} = 'succeeded')::int, (${deliveries.status} = 'failed')::int, (${deliveries.status} = 'skipped')::int, 1, ${deliveries.attemptCount}
      from ${deliveries} where ${inRaw(deliveries)}
    ), g as (
      select time, endpoint_id, grouping(time, endpoint_id) as level,
             coalesce(sum(pending), 0)::int as pending, coalesce(sum(retrying), 0)::int as retrying, coalesce(sum(succeeded), 0)::int as succeeded, coalesce(sum(failed), 0)::int as failed,
             coalesce(sum(skipped), 0)::int as skipped, coalesce(sum(total), 0)::int as total, coalesce(sum(attempts), 0)::float8 as attempts
      from d group by grouping sets ((time), (endpoint_id), ())
    )
    select g.time, g.endpoint_id as "endpointId", ${endpoints.url} as url, g.level, g.pending, g.retrying, g.succeeded, g.failed, g.skipped, g.total, g.attempts
    from g left join ${endpoints} on ${endpoints.id} = g.endpoint_id and ${endpoints.workspaceId} = ${workspaceId}`);
  const attemptHourRows = db.execute<AttemptRow>(sql`
    select date_trunc(${bucket}, ${attemptRollups.hour}, 'UTC') as time, ${attemptRollups.status} as status, sum(${attemptRollups.count})::int as count,
           min(${attemptRollups.minMs}) as min, max(${attemptRollups.maxMs}) as max,
           ${sql.join(
             histogramColumns.map((h) => sql`sum(${attemptRollups[h]})::int as ${sql.identifier(h)}`),
             sql`, `,
           )}
    from ${attemptRollups} where ${inHours(attemptRollups)} group by 1, 2`);
  const attemptRawRows = db.execute<{ time: string; status: number; bucket: number; count: number; min: number; max: number }>(sql`
    select date_trunc(${bucket}, ${attempts.createdAt}, 'UTC') as time, coalesce(${attempts.responseStatus}, 0) as status,
           tern_latency_bucket(${attempts.durationMs}) as bucket, count(*)::int as count, min(${attempts.durationMs}) as min, max(${attempts.durationMs}) as max
    from ${attempts} where ${inRaw(attempts)} group by 1, 2, 3`);
  // Rollups know an attempt got no response, not why: the timed-out ones are counted from the
  // attempts of the endpoint-hours with any (attempts_endpoint_created_idx), clipped to the range.
  const rangeHours = sql`${attemptRollups.hour} >= ${new Date(Math.floor(from.getTime() / HOUR_MS) * HOUR_MS).toISOString()}::timestamptz and ${attemptRollups.hour} < ${to.toISOString()}::timestamptz`;
  const timeoutRows = db.execute<{ time: string; count: number }>(sql`
    select date_trunc(${bucket}, a.created_at, 'UTC') as time, count(*)::int as count
    from (select distinct ${attemptRollups.endpointId} as endpoint_id, ${attemptRollups.hour} as hour from ${attemptRollups}
          where ${attemptRollups.workspaceId} = ${workspaceId} and ${attemptRollups.status} = 0 and ${rangeHours} ${endpointFilter(attemptRollups)}) r
    cross join lateral (
      select ${attempts.createdAt} as created_at from ${attempts}
      where ${attempts.endpointId} = r.endpoint_id and ${attempts.workspaceId} = ${workspaceId}
        and ${attempts.createdAt} >= greatest(r.hour, ${from.toISOString()}::timestamptz)
        and ${attempts.createdAt} < least(r.hour + interval '1 hour', ${to.toISOString()}::timestamptz)
        and ${attempts.responseStatus} is null and ${attempts.error} like ${`${TIMEOUT_ERROR_PREFIX}%`}
    ) a
    group by 1`);
  // Now, whatever the range: retrying deliveries by deliveries_workspace_attention_created_idx (as
  // many rows as are retrying, not the history), failing endpoints by their failure streak.
  const currentRows = db.execute<{ retrying: number; failing: number }>(sql`
    select (select count(*) from ${deliveries} where ${deliveries.workspaceId} = ${workspaceId} and ${statusIs("retrying", { workspaceId })} ${endpointFilter(deliveries)})::int as retrying,
           (select count(*) from ${endpoints} where ${endpoints.workspaceId} = ${workspaceId} and ${isFailing()}
              ${query.endpointId ? sql`and ${endpoints.id} = ${query.endpointId}` : sql``} ${tenantId ? sql`and ${endpoints.tenantId} = ${tenantId}` : sql``})::int as failing`);
  const [deliveryResult, hourResult, rawResult, timeoutResult, [current]] = await Promise.all([
    deliveryRows,
    attemptHourRows,
    attemptRawRows,
    timeoutRows,
    currentRows,
  ]);

  const totals = deliveryResult.find((row) => row.level === 3);
  const t = totals ?? { pending: 0, retrying: 0, succeeded: 0, failed: 0, skipped: 0, total: 0, attempts: 0 };
  const series = deliveryResult
    .filter((row) => row.level === 1)
    .map((row) => ({ time: row.time!, succeeded: row.succeeded, failed: row.failed, retrying: row.retrying, skipped: row.skipped, pending: row.pending }));
  const topFailingEndpoints = deliveryResult
    .filter((row) => row.level === 2 && row.failed + row.retrying > 0 && row.url !== null)
    .sort((a, b) => b.failed + b.retrying - (a.failed + a.retrying))
    .slice(0, 5)
    .map((row) => ({ endpointId: row.endpointId!, url: row.url!, failed: row.failed, retrying: row.retrying }));

  const overall = emptyHistogram();
  const byTime = new Map<number, LatencyHistogram>();
  const byStatus = new Map<number, number>();
  const attemptsByTime = new Map<number, { attempts: number; succeeded: number } & StatusClassCounts>();
  const attemptsAt = (time: string) => {
    const key = new Date(time).getTime();
    const made = attemptsByTime.get(key) ?? { attempts: 0, succeeded: 0, ...noStatusClasses() };
    attemptsByTime.set(key, made);
    return made;
  };
  const add = (time: string, status: number, count: number, counts: ArrayLike<number>, min: number | null, max: number | null) => {
    const key = new Date(time).getTime();
    const made = attemptsAt(time);
    made.attempts += count;
    const responseClass = statusClass(status);
    made[responseClass] += count;
    if (responseClass === "2xx") made.succeeded += count;
    const histogram = byTime.get(key) ?? emptyHistogram();
    byTime.set(key, histogram);
    mergeHistogram(histogram, counts, min, max);
    mergeHistogram(overall, counts, min, max);
    byStatus.set(status, (byStatus.get(status) ?? 0) + count);
  };
  for (const row of hourResult)
    add(
      row.time,
      row.status,
      row.count,
      histogramColumns.map((h) => row[h]),
      row.min,
      row.max,
    );
  for (const row of rawResult) {
    const counts = new Array<number>(LATENCY_BUCKETS).fill(0);
    counts[row.bucket] = row.count;
    add(row.time, row.status, row.count, counts, row.min, row.max);
  }
  for (const row of timeoutResult) countTimeouts(attemptsAt(row.time), row.count);
  const statusClasses = noStatusClasses();
  for (const made of attemptsByTime.values()) for (const key of STATUS_CLASSES) statusClasses[key] += made[key];

  const finished = t.succeeded + t.failed;
  const attemptsMade = [...attemptsByTime.values()].reduce((sum, made) => sum + made.attempts, 0);
  const attemptsSucceeded = [...attemptsByTime.values()].reduce((sum, made) => sum + made.succeeded, 0);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    bucket,
    totals: { pending: t.pending, retrying: t.retrying, succeeded: t.succeeded, failed: t.failed, skipped: t.skipped, total: t.total },
    // Of the deliveries whose retries are over; the attempt success rate moves first when an endpoint starts failing.
    successRate: finished ? t.succeeded / finished : null,
    attempts: { total: attemptsMade, succeeded: attemptsSucceeded, successRate: attemptsMade ? attemptsSucceeded / attemptsMade : null },
    retryingNow: current?.retrying ?? 0,
    failingEndpoints: current?.failing ?? 0,
    attemptsPerDelivery: t.total ? t.attempts / t.total : null,
    latencyMs: { p50: histogramPercentile(overall, 0.5), p95: histogramPercentile(overall, 0.95), p99: histogramPercentile(overall, 0.99) },
    statusCodes: [...byStatus]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20)
      .map(([status, count]) => ({ status: status === 0 ? "no response" : String(status), count })),
    statusClasses,
    topFailingEndpoints,
    // Every bucket of the range, empty ones included, so charts show time evenly.
    series: fillBuckets(from, to, bucket, series, (time) => ({ time, succeeded: 0, failed: 0, retrying: 0, skipped: 0, pending: 0 })),
    latencySeries: fillBuckets(
      from,
      to,
      bucket,
      [...byTime].map(([time, histogram]) => ({
        time: new Date(time),
        p50: histogramPercentile(histogram, 0.5),
        p95: histogramPercentile(histogram, 0.95),
        p99: histogramPercentile(histogram, 0.99),
      })),
      (time) => ({ time, p50: null, p95: null, p99: null }),
    ),
    attemptSeries: fillBuckets(
      from,
      to,
      bucket,
      [...attemptsByTime].map(([time, made]) => ({ time: new Date(time), ...made })),
      (time) => ({ time, attempts: 0, succeeded: 0, ...noStatusClasses() }),
    ),
  };
}

const TOP_TARGET_HOSTS = 5;

/**
 * How many distinct hosts the workspace's enabled endpoints point at, and the hosts most of them
 * share: many endpoints on one host multiply every event sent to it. One index-only scan of
 * endpoints_enabled_target_host_idx, bounded by TERN_MAX_ENDPOINTS_PER_WORKSPACE.
 */
export async function targetHosts(workspaceId: string) {
  const rows = await db.execute<{ host: string; endpoints: number; hosts: number }>(sql`
    select ${endpoints.targetHost} as host, count(*)::int as endpoints, (count(*) over ())::int as hosts
    from ${endpoints}
    where ${endpoints.workspaceId} = ${workspaceId} and ${endpoints.enabled}
    group by ${endpoints.targetHost}
    order by endpoints desc, host
    limit ${TOP_TARGET_HOSTS}`);
  return { distinct: rows[0]?.hosts ?? 0, top: rows.map(({ host, endpoints }) => ({ host, endpoints })) };
}
