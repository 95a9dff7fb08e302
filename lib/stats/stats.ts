import { sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { DomainError } from "@/lib/errors";

const MAX_RANGE_DAYS = 90;

export const statsQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  endpointId: z.string().min(1).max(64).optional(),
  bucket: z.enum(["hour", "day"]).optional(),
});

export type StatsQuery = Omit<z.output<typeof statsQuery>, "bucket"> & { bucket?: "minute" | "hour" | "day" };

type Totals = { pending: number; delivering: number; succeeded: number; failed: number; skipped: number; total: number; attempts: number };

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

/**
 * Delivery health over a time range: totals by outcome, success rate, attempts per delivery,
 * latency percentiles, status codes, top failing endpoints and a time series by outcome.
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
  const endpointFilter = query.endpointId ? sql`and endpoint_id = ${query.endpointId}` : sql``;
  const range = sql`workspace_id = ${workspaceId} and created_at >= ${from.toISOString()}::timestamptz and created_at < ${to.toISOString()}::timestamptz ${endpointFilter}`;

  const [totals] = await db.execute<Totals>(sql`
    select count(*) filter (where status = 'pending')::int as pending,
           count(*) filter (where status = 'delivering')::int as delivering,
           count(*) filter (where status = 'succeeded')::int as succeeded,
           count(*) filter (where status = 'failed')::int as failed,
           count(*) filter (where status = 'skipped')::int as skipped,
           count(*)::int as total,
           coalesce(sum(attempt_count), 0)::int as attempts
    from deliveries where ${range}`);
  const [latency] = await db.execute<{ p50: number | null; p95: number | null; p99: number | null }>(sql`
    select percentile_cont(0.5) within group (order by duration_ms) as p50,
           percentile_cont(0.95) within group (order by duration_ms) as p95,
           percentile_cont(0.99) within group (order by duration_ms) as p99
    from attempts where ${range} and trigger <> 'test'`);
  const statusCodes = await db.execute<{ status: string; count: number }>(sql`
    select coalesce(response_status::text, 'no response') as status, count(*)::int as count
    from attempts where ${range} and trigger <> 'test' group by 1 order by 2 desc limit 20`);
  const topFailing = await db.execute<{ endpointId: string; url: string; failed: number }>(sql`
    select d.endpoint_id as "endpointId", e.url, count(*)::int as failed
    from deliveries d join endpoints e on e.id = d.endpoint_id
    where d.workspace_id = ${workspaceId} and d.created_at >= ${from.toISOString()}::timestamptz and d.created_at < ${to.toISOString()}::timestamptz
      and d.status = 'failed' ${query.endpointId ? sql`and d.endpoint_id = ${query.endpointId}` : sql``}
    group by 1, 2 order by 3 desc limit 5`);
  const series = await db.execute<{ time: string; succeeded: number; failed: number; pending: number }>(sql`
    select date_trunc(${bucket}, created_at, 'UTC') as time,
           count(*) filter (where status = 'succeeded')::int as succeeded,
           count(*) filter (where status = 'failed')::int as failed,
           count(*) filter (where status in ('pending', 'delivering'))::int as pending
    from deliveries where ${range} group by 1 order by 1`);

  const latencySeries = await db.execute<{ time: string; p50: number; p95: number }>(sql`
    select date_trunc(${bucket}, created_at, 'UTC') as time,
           percentile_cont(0.5) within group (order by duration_ms) as p50,
           percentile_cont(0.95) within group (order by duration_ms) as p95
    from attempts where ${range} and trigger <> 'test' group by 1 order by 1`);

  const t = totals!;
  const finished = t.succeeded + t.failed;
  const round = (value: number | null) => (value === null ? null : Math.round(value));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    bucket,
    totals: { pending: t.pending + t.delivering, succeeded: t.succeeded, failed: t.failed, skipped: t.skipped, total: t.total },
    successRate: finished ? t.succeeded / finished : null,
    attemptsPerDelivery: t.total ? t.attempts / t.total : null,
    latencyMs: { p50: round(latency?.p50 ?? null), p95: round(latency?.p95 ?? null), p99: round(latency?.p99 ?? null) },
    statusCodes: [...statusCodes],
    topFailingEndpoints: [...topFailing],
    // Every bucket of the range, empty ones included, so charts show time evenly.
    series: fillBuckets(from, to, bucket, series, (time) => ({ time, succeeded: 0, failed: 0, pending: 0 })),
    latencySeries: fillBuckets(
      from,
      to,
      bucket,
      latencySeries.map((row) => ({ time: row.time, p50: Math.round(row.p50), p95: Math.round(row.p95) })),
      (time) => ({ time, p50: null, p95: null }),
    ),
  };
}
