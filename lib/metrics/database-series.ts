// Series read from PostgreSQL at scrape time. The delivery engine runs in a process of its own,
// so counters kept in the web server's memory would miss its work; the database sees it all.
// Every query reads rollups or walks an index: by workspace (the rollups' and deliveries' keys
// lead with it), by the engine's partial indexes, or by a recent time range.
import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import type { Metric, Registry } from "prom-client";
import { Counter, Gauge } from "prom-client";
import { db } from "@/db";
import { engineRuns } from "@/db/engine-schema";
import { bucketBounds, EXACT_BUCKETS, histogramColumns, LATENCY_BUCKETS } from "@/db/latency-histogram";
import { attemptRollups, deliveries, deliveryRollups, deliveryStatus, workspaces } from "@/db/schema";
import { statusIs } from "@/lib/deliveries/status-filter";
import { WindowedTotals } from "@/lib/metrics/windowed-totals";

const STATUS_CLASSES = ["2xx", "3xx", "4xx", "5xx", "timeout_or_error"] as const;
// Rollup hours still being written to: an attempt lands in the hour it was made, so two hours
// cover any scrape interval under an hour. Engine runs end within minutes of one another.
const ROLLUP_HOURS_READ = 2;
const ENGINE_MINUTES_READ = 10;
const RECENT_DELIVERY_HOURS = 3;
const OLDER_HOURS_REREAD_MS = 5 * 60_000;

/** A column of a lateral subquery aliased `r`, named through the schema. */
const r = (column: AnyColumn): SQL => sql.raw(`r."${column.name}"`);

/** Upper bound of each latency bucket in seconds (six significant digits, for readable labels); the last bucket is open-ended. */
export const latencyBucketBounds: number[] = Array.from({ length: LATENCY_BUCKETS - 1 }, (_, bucket) =>
  Number(((bucket < EXACT_BUCKETS ? bucket + 1 : bucketBounds(bucket)[1]) / 1000).toPrecision(6)),
);

// Durations are whole milliseconds: an exact bucket holds one value, a wider one its midpoint.
const bucketMidpointsMs = Array.from({ length: LATENCY_BUCKETS }, (_, bucket) => {
  const [low, high] = bucketBounds(bucket);
  return (low + high) / 2;
});

/** A histogram whose bucket counts come from the rollups, which prom-client's own cannot be given. */
class RollupHistogram {
  readonly type = "histogram";
  readonly aggregator = "sum";
  private counts: number[] = new Array(LATENCY_BUCKETS).fill(0);

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  add(bucket: number, count: number): void {
    this.counts[bucket]! += count;
  }

  get() {
    const values: { metricName: string; labels: Record<string, string | number>; value: number }[] = [];
    let cumulative = 0;
    latencyBucketBounds.forEach((le, bucket) => {
      cumulative += this.counts[bucket]!;
      values.push({ metricName: `${this.name}_bucket`, labels: { le }, value: cumulative });
    });
    const count = cumulative + this.counts[LATENCY_BUCKETS - 1]!;
    const sum = this.counts.reduce((total, n, bucket) => total + (n * bucketMidpointsMs[bucket]!) / 1000, 0);
    values.push(
      { metricName: `${this.name}_bucket`, labels: { le: "+Inf" }, value: count },
      { metricName: `${this.name}_sum`, labels: {}, value: sum },
      { metricName: `${this.name}_count`, labels: {}, value: count },
    );
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}

export type DatabaseSeries = { refresh(): Promise<void> };

const statusClassOf = (status: SQL) => sql`case
  when ${status} between 200 and 299 then '2xx'
  when ${status} between 300 and 399 then '3xx'
  when ${status} between 400 and 499 then '4xx'
  when ${status} >= 500 then '5xx'
  else 'timeout_or_error' end`;

type StatusSums = Record<string, number>;

const statusSums = (column: (status: (typeof deliveryStatus.enumValues)[number]) => SQL) =>
  sql.join(
    deliveryStatus.enumValues.map((status) => sql`coalesce(sum(${column(status)}), 0)::float8 as ${sql.identifier(status)}`),
    sql`, `,
  );

/**
 * Deliveries by status, from the rollups, which count each delivery in the hour it was created.
 * Older hours change only when a long retry finishes or retention deletes, yet they are most of
 * the table: their sums are read again every few minutes, and the recent hours on every scrape.
 */
function deliveriesByStatusReader(): () => Promise<StatusSums> {
  let older: { cutoff: string; sums: StatusSums; readAt: number } | undefined;
  return async () => {
    if (!older || Date.now() - older.readAt > OLDER_HOURS_REREAD_MS) {
      const readAt = Date.now();
      const [row] = await db.execute<StatusSums & { cutoff: string }>(sql`
        with cutoff as (select date_trunc('hour', now()) - make_interval(hours => ${RECENT_DELIVERY_HOURS}) as hour)
        select (select hour from cutoff)::text as cutoff, ${statusSums((status) => sql`${deliveryRollups[status]}`)}
        from ${deliveryRollups} where ${deliveryRollups.hour} < (select hour from cutoff)`);
      const { cutoff, ...sums } = row!;
      older = { cutoff, sums, readAt };
    }
    const [recent] = await db.execute<StatusSums>(sql`
      select ${statusSums((status) => r(deliveryRollups[status]))}
      from ${workspaces} cross join lateral (
        select * from ${deliveryRollups}
        where ${deliveryRollups.workspaceId} = ${workspaces.id} and ${deliveryRollups.hour} >= ${older.cutoff}::timestamptz
      ) r`);
    return Object.fromEntries(deliveryStatus.enumValues.map((status) => [status, (older!.sums[status] ?? 0) + (recent?.[status] ?? 0)]));
  };
}

type AttemptRow = { hour: string; status_class: string; count: number } & Record<string, number>;

async function readRecentAttempts(): Promise<AttemptRow[]> {
  const buckets = histogramColumns.map((column) => sql`sum(${r(attemptRollups[column])})::float8 as ${sql.identifier(column)}`);
  return db.execute<AttemptRow>(sql`
    select ${r(attemptRollups.hour)}::text as hour, ${statusClassOf(r(attemptRollups.status))} as status_class,
      sum(${r(attemptRollups.count)})::float8 as count, ${sql.join(buckets, sql`, `)}
    from ${workspaces} cross join lateral (
      select * from ${attemptRollups}
      where ${attemptRollups.workspaceId} = ${workspaces.id}
        and ${attemptRollups.hour} >= date_trunc('hour', now()) - make_interval(hours => ${ROLLUP_HOURS_READ})
    ) r
    group by 1, 2`);
}

/**
 * What the queue gauges need beyond the status sums: the retrying deliveries due now and the
 * oldest due time among them, by deliveries_workspace_attention_created_idx (as many rows as are
 * retrying), and the oldest due engine run, by engine_runs_due_idx. Pending deliveries have no
 * index of their own (a delivery's status changes on its way to succeeded, and an indexed status
 * would make those updates write every index anew): the rollups count them, and with the embedded
 * engine each one waits as a queued run.
 */
async function readQueue(): Promise<{ retrying_due: number; oldest_age: number }> {
  const [row] = await db.execute<{ retrying_due: number; oldest_age: number }>(sql`
    select count(*)::float8 as retrying_due,
      coalesce(greatest(0, extract(epoch from now() - least(min(q.due),
        (select min(${engineRuns.runAt}) from ${engineRuns} where ${engineRuns.status} = 'queued' and ${engineRuns.runAt} <= now())))), 0)::float8 as oldest_age
    from ${workspaces} cross join lateral (
      select ${deliveries.nextAttemptAt} as due from ${deliveries}
      where ${deliveries.workspaceId} = ${workspaces.id} and ${statusIs("retrying", { workspaceId: workspaces.id })} and ${deliveries.nextAttemptAt} <= now()
    ) q`);
  return row ?? { retrying_due: 0, oldest_age: 0 };
}

type EngineRow = { queued: number; running: number };

// Each count's condition is a partial index's own, so each reads that index alone.
async function readEngineInFlight(): Promise<EngineRow> {
  const [row] = await db.execute<EngineRow>(sql`
    select (select count(*) from ${engineRuns} where ${engineRuns.status} = 'queued')::float8 as queued,
      (select count(*) from ${engineRuns} where ${engineRuns.status} = 'running')::float8 as running`);
  return row ?? { queued: 0, running: 0 };
}

async function readEngineFinished(): Promise<{ minute: string; status: string; count: number }[]> {
  return db.execute<{ minute: string; status: string; count: number }>(sql`
    select date_trunc('minute', ${engineRuns.endedAt})::text as minute, ${engineRuns.status} as status, count(*)::float8 as count
    from ${engineRuns}
    where ${engineRuns.endedAt} >= now() - make_interval(mins => ${ENGINE_MINUTES_READ})
    group by 1, 2`);
}

/** Registers the database-derived series in `registry`; refresh() reads them all once. */
export function databaseSeries(registry: Registry): DatabaseSeries {
  const registers = [registry];
  const deliveriesGauge = new Gauge({
    name: "tern_deliveries",
    help: "Deliveries currently retained, by status.",
    labelNames: ["status"] as const,
    registers,
  });
  const attemptsTotal = new Counter({
    name: "tern_attempts_total",
    help: "Delivery attempts made by the engine since this server started counting, by response status class.",
    labelNames: ["status_class"] as const,
    registers,
  });
  const duration = new RollupHistogram(
    "tern_attempt_duration_seconds",
    "Delivery attempt durations since this server started counting; _sum is estimated from each bucket's midpoint.",
  );
  registry.registerMetric(duration as unknown as Metric);
  const queueDepth = new Gauge({
    name: "tern_queue_depth",
    help: "Deliveries due for an attempt now: never tried (pending), or retrying with their next attempt due.",
    registers,
  });
  const oldestDue = new Gauge({
    name: "tern_oldest_due_delivery_age_seconds",
    help: "How long the longest-waiting due delivery (or, with the embedded engine, due run) has been due; 0 when none is.",
    registers,
  });
  const engineRunsGauge = new Gauge({
    name: "tern_engine_runs",
    help: "Embedded engine function runs waiting (queued) or executing (running).",
    labelNames: ["status"] as const,
    registers,
  });
  const engineFinished = new Counter({
    name: "tern_engine_runs_finished_total",
    help: "Embedded engine function runs that ended since this server started counting, by how they ended.",
    labelNames: ["status"] as const,
    registers,
  });
  for (const status_class of STATUS_CLASSES) attemptsTotal.inc({ status_class }, 0);
  for (const status of ["completed", "failed", "cancelled"]) engineFinished.inc({ status }, 0);

  const readDeliveriesByStatus = deliveriesByStatusReader();
  const attemptTotals = new WindowedTotals();
  const engineTotals = new WindowedTotals();

  async function read(): Promise<void> {
    const [byStatus, attempts, queue, inFlight, finished] = await Promise.all([
      readDeliveriesByStatus(),
      readRecentAttempts(),
      readQueue(),
      readEngineInFlight(),
      readEngineFinished(),
    ]);
    for (const status of deliveryStatus.enumValues) deliveriesGauge.set({ status }, byStatus[status] ?? 0);

    const attemptCounts = attempts.flatMap((row) => [
      { window: row.hour, series: `class:${row.status_class}`, value: row.count },
      ...histogramColumns.map((column, bucket) => ({ window: row.hour, series: `bucket:${bucket}`, value: row[column]! })),
    ]);
    for (const [series, increase] of attemptTotals.advance(attemptCounts)) {
      const [kind, value] = series.split(":") as [string, string];
      if (kind === "class") attemptsTotal.inc({ status_class: value }, increase);
      else duration.add(Number(value), increase);
    }

    queueDepth.set((byStatus.pending ?? 0) + queue.retrying_due);
    oldestDue.set(queue.oldest_age);
    engineRunsGauge.set({ status: "queued" }, inFlight.queued);
    engineRunsGauge.set({ status: "running" }, inFlight.running);
    const finishedCounts = finished.map((row) => ({ window: row.minute, series: row.status, value: row.count }));
    for (const [status, increase] of engineTotals.advance(finishedCounts)) engineFinished.inc({ status }, increase);
  }

  // Scrapes that overlap read one after the other, so no increase is counted twice. A failed
  // read was answered to the scrape that awaited it; the next one starts afresh.
  let reading: Promise<void> = Promise.resolve();
  return {
    refresh() {
      reading = reading.then(read, read);
      return reading;
    },
  };
}
