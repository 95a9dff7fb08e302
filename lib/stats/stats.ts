import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { DomainError } from "@/lib/errors";
import { emptyHistogram, histogramColumns, histogramPercentile, LATENCY_BUCKETS, type LatencyHistogram, mergeHistogram } from "./latency-histogram";

const MAX_RANGE_DAYS = 90;

export const statsQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
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

const inWindows = (column: SQL, windows: Window[]) =>
  windows.length === 0
    ? sql`false`
    : sql`(${sql.join(
        windows.map((w) => sql`(${column} >= ${w.from.toISOString()}::timestamptz and ${column} < ${w.to.toISOString()}::timestamptz)`),
        sql` or `,
      )})`;

type DeliveryRow = { time: string | null; endpointId: string | null; url: string | null; level: number; pending: number; succeeded: number; failed: number; skipped: number; total: number; attempts: number };
type AttemptRow = { time: string; status: number; count: number; min: number | null; max: number | null } & Record<string, number>;

/**
 * Delivery health over a time range: totals by outcome, success rate, attempts per delivery,
 * latency percentiles, status codes, top failing endpoints and a time series by outcome.
 * Whole hours come from the trigger-maintained rollups, so the cost depends on the number of
 * hours and endpoints in the range, not on the number of deliveries. Counts are exact; latency
 * percentiles come from a log histogram (lib/stats/latency-histogram.ts).
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
  const endpointFilter = query.endpointId ? sql`and endpoint_id = ${query.endpointId}` : sql``;
  const inHours = hours
    ? sql`workspace_id = ${workspaceId} and hour >= ${hours.from.toISOString()}::timestamptz and hour < ${hours.to.toISOString()}::timestamptz ${endpointFilter}`
    : sql`false`;
  const inRaw = sql`workspace_id = ${workspaceId} and ${inWindows(sql`created_at`, raw)} ${endpointFilter}`;

  // One scan of rollups plus edges, grouped three ways: per time bucket (level 1), per
  // endpoint (level 2) and overall (level 3).
  const deliveryRows = db.execute<DeliveryRow>(sql`
    with d as (
      select date_trunc(${bucket}, hour, 'UTC') as time, endpoint_id, pending + delivering as pending, succeeded, failed, skipped, total, attempts
      from delivery_rollups where ${inHours}
      union all
      select date_trunc(${bucket}, created_at, 'UTC'), endpoint_id, (status in ('pending', 'delivering'))::int, (status = 'succeeded')::int,
             (status = 'failed')::int, (status = 'skipped')::int, 1, attempt_count
      from deliveries where ${inRaw}
    ), g as (
      select time, endpoint_id, grouping(time, endpoint_id) as level,
             coalesce(sum(pending), 0)::int as pending, coalesce(sum(succeeded), 0)::int as succeeded, coalesce(sum(failed), 0)::int as failed,
             coalesce(sum(skipped), 0)::int as skipped, coalesce(sum(total), 0)::int as total, coalesce(sum(attempts), 0)::float8 as attempts
      from d group by grouping sets ((time), (endpoint_id), ())
    )
    select g.time, g.endpoint_id as "endpointId", e.url, g.level, g.pending, g.succeeded, g.failed, g.skipped, g.total, g.attempts
    from g left join endpoints e on e.id = g.endpoint_id and e.workspace_id = ${workspaceId}`);
  const attemptHourRows = db.execute<AttemptRow>(sql`
    select date_trunc(${bucket}, hour, 'UTC') as time, status, sum(count)::int as count, min(min_ms) as min, max(max_ms) as max,
           ${sql.raw(histogramColumns.map((h) => `sum(${h})::int as ${h}`).join(", "))}
    from attempt_rollups where ${inHours} group by 1, 2`);
  const attemptRawRows = db.execute<{ time: string; status: number; bucket: number; count: number; min: number; max: number }>(sql`
    select date_trunc(${bucket}, created_at, 'UTC') as time, coalesce(response_status, 0) as status, tern_latency_bucket(duration_ms) as bucket,
           count(*)::int as count, min(duration_ms) as min, max(duration_ms) as max
    from attempts where ${inRaw} group by 1, 2, 3`);
  const [deliveryResult, hourResult, rawResult] = await Promise.all([deliveryRows, attemptHourRows, attemptRawRows]);

  const totals = deliveryResult.find((row) => row.level === 3);
  const t = totals ?? { pending: 0, succeeded: 0, failed: 0, skipped: 0, total: 0, attempts: 0 };
  const series = deliveryResult.filter((row) => row.level === 1).map((row) => ({ time: row.time!, succeeded: row.succeeded, failed: row.failed, pending: row.pending }));
  const topFailingEndpoints = deliveryResult
    .filter((row) => row.level === 2 && row.failed > 0 && row.url !== null)
    .sort((a, b) => b.failed - a.failed)
    .slice(0, 5)
    .map((row) => ({ endpointId: row.endpointId!, url: row.url!, failed: row.failed }));

  const overall = emptyHistogram();
  const byTime = new Map<number, LatencyHistogram>();
  const byStatus = new Map<number, number>();
  const add = (time: string, status: number, count: number, counts: ArrayLike<number>, min: number | null, max: number | null) => {
    const key = new Date(time).getTime();
    const histogram = byTime.get(key) ?? emptyHistogram();
    byTime.set(key, histogram);
    mergeHistogram(histogram, counts, min, max);
    mergeHistogram(overall, counts, min, max);
    byStatus.set(status, (byStatus.get(status) ?? 0) + count);
  };
  for (const row of hourResult) add(row.time, row.status, row.count, histogramColumns.map((h) => row[h]!), row.min, row.max);
  for (const row of rawResult) {
    const counts = new Array<number>(LATENCY_BUCKETS).fill(0);
    counts[row.bucket] = row.count;
    add(row.time, row.status, row.count, counts, row.min, row.max);
  }

  const finished = t.succeeded + t.failed;
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    bucket,
    totals: { pending: t.pending, succeeded: t.succeeded, failed: t.failed, skipped: t.skipped, total: t.total },
    successRate: finished ? t.succeeded / finished : null,
    attemptsPerDelivery: t.total ? t.attempts / t.total : null,
    latencyMs: { p50: histogramPercentile(overall, 0.5), p95: histogramPercentile(overall, 0.95), p99: histogramPercentile(overall, 0.99) },
    statusCodes: [...byStatus]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20)
      .map(([status, count]) => ({ status: status === 0 ? "no response" : String(status), count })),
    topFailingEndpoints,
    // Every bucket of the range, empty ones included, so charts show time evenly.
    series: fillBuckets(from, to, bucket, series, (time) => ({ time, succeeded: 0, failed: 0, pending: 0 })),
    latencySeries: fillBuckets(
      from,
      to,
      bucket,
      [...byTime].map(([time, histogram]) => ({ time: new Date(time), p50: histogramPercentile(histogram, 0.5), p95: histogramPercentile(histogram, 0.95) })),
      (time) => ({ time, p50: null, p95: null }),
    ),
  };
}
