// `npm run bench`: Tern's benchmark suite against the production build (scripts/start.ts with
// `next start`), its embedded executor and an embedded PostgreSQL owned by the run. Prints one
// summary line per benchmark, then, as the last line of stdout, one JSON object with the figures.
//
// Usage: npm run bench [-- benchmark...]   (default: all, in this order)
//   raw-send     Tern's signer and sender straight to a loopback receiver, no database
//   end-to-end   POST /api/v1/events → fan-out → delivery: throughput, and first-attempt latency;
//                then the same throughput run through POST /api/v1/events/batch
//   ingest       POST /api/v1/events at saturation, no subscribed endpoints; then through the batch endpoint
//   cleanup      retention cleanup rows/s, and ingest p99 without and during it
//   history      console history and dashboard queries at BENCH_HISTORY_SIZES deliveries
//   tenants      publishing for a tenant vs without one among BENCH_TENANTS tenants, and the tenant
//                list, search and history queries at BENCH_TENANT_HISTORY_DELIVERIES deliveries
//
// Knobs (environment):
//   BENCH_RAW_REQUESTS=20000             raw sends timed (64 in flight)
//   BENCH_E2E_EVENTS=4000                events published for the throughput run…
//   BENCH_E2E_ENDPOINTS=4                …each delivered to this many endpoints
//   BENCH_E2E_CONNECTIONS=64             …published over this many connections at once
//   BENCH_E2E_WARMUP_EVENTS=2000         …after this many published and delivered unmeasured
//   BENCH_E2E_BATCH_SIZE=50              the batched throughput run publishes batches of this many events (1–100)…
//   BENCH_E2E_BATCH_CONNECTIONS=8        …over this many connections
//   BENCH_LATENCY_RATE=200               offered load (events/s, 1 endpoint) for the latency run…
//   BENCH_LATENCY_SECONDS=15             …for this long
//   BENCH_INGEST_CONNECTIONS=64          concurrent connections at saturation…
//   BENCH_INGEST_SECONDS=10              …for this long, after BENCH_INGEST_WARMUP_SECONDS=5 unmeasured
//   BENCH_INGEST_BATCH_SIZE=50           the batched ingest run's events per request (1–100)…
//   BENCH_INGEST_BATCH_CONNECTIONS=8     …over this many connections, for as long
//   BENCH_CLEANUP_ROWS=300000            expired events seeded (each with a delivery and an attempt)
//   BENCH_CLEANUP_INGEST_CONNECTIONS=16  ingest load without and during the cleanup…
//   BENCH_CLEANUP_INGEST_SECONDS=10      …for at most this long each
//   BENCH_HISTORY_SIZES=1000000,10000000 deliveries seeded per history run (10M takes ~15 min)
//   BENCH_TENANTS=100000                 tenants seeded (2 endpoints each, beside 4 of the workspace's own)
//   BENCH_TENANT_ROUND_EVENTS=2000       events per publishing round; rounds alternate tenant / untenanted…
//   BENCH_TENANT_ROUNDS=4                …this many of each kind…
//   BENCH_TENANT_CONNECTIONS=64          …over this many connections…
//   BENCH_TENANT_WARMUP_EVENTS=2000      …after this many, half of each kind, unmeasured
//   BENCH_TENANT_HISTORY_DELIVERIES=10000000  deliveries seeded over the tenants for the query timings
// Tern's own settings (TERN_DB_POOL_SIZE, TERN_ENGINE_MAX_IN_FLIGHT, …) pass through to the app.
// The app's API rate limit is lifted (lib/app.ts), so the figures are the server's.
import { cleanupBench } from "./cleanup";
import { endToEndBench } from "./end-to-end";
import { historyBench } from "./history";
import { ingestBench } from "./ingest";
import { firstAttemptLatencyBench } from "./latency";
import { type BenchApp, startApp } from "./lib/app";
import { startBenchDatabase } from "./lib/database";
import { progress } from "./lib/log";
import type { BenchReceiver } from "./lib/receiver";
import { startBenchRun } from "./lib/run-start";
import { benchSettings } from "./lib/settings";
import { round } from "./lib/stats";
import { onTeardown, tearDown, tearDownOnSignals } from "./lib/teardown";
import { rawSendBench } from "./raw-send";
import { seedTenantWorkspace, type TenantWorkspace, tenantHistoryBench, tenantPublishBench } from "./tenants";

const BENCHMARKS = ["raw-send", "end-to-end", "ingest", "cleanup", "history", "tenants"] as const;
type Benchmark = (typeof BENCHMARKS)[number];

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark ${unknown.join(", ")}; choose from ${BENCHMARKS.join(", ")} (sizes and durations are BENCH_* variables, see bench/run.ts).`);
  process.exit(2);
}
const selected = new Set<Benchmark>(requested.length > 0 ? (requested as Benchmark[]) : BENCHMARKS);
const knobs = benchSettings(process.env);

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1"; // raw sends go to 127.0.0.1 too
const figures: Record<string, unknown> = {};
const summaries: string[] = [];
const errors: Record<string, string> = {};
// Seeded once: the publishing rounds run with the app, the history queries after it stopped.
let tenantWorkspace: TenantWorkspace | undefined;

function report(summary: string) {
  summaries.push(summary);
  console.log(summary);
}

/** Runs one benchmark; a failure is reported and the others still run. */
async function stage(name: string, run: () => Promise<void>) {
  progress(`── ${name}`);
  const start = performance.now();
  try {
    await run();
    progress(`${name} done in ${round((performance.now() - start) / 1000)} s`);
  } catch (error) {
    errors[name] = (error as Error).message;
    console.error(`[bench] ${name} failed:`, error);
  }
}

tearDownOnSignals();

/** The app for the benchmarks that need it, stopped afterwards (the history queries want a quiet database). */
async function withApp(dataDir: string, databaseUrl: string, run: (app: BenchApp) => Promise<void>) {
  progress("starting the app (production build; builds first when the sources changed)");
  const app = await startApp({ dataDir, databaseUrl });
  onTeardown(app.stop);
  try {
    await run(app);
  } finally {
    await app.stop();
    const issues = await app.logIssues();
    figures.appLogIssues = issues.length;
    if (issues.length > 0) progress(`the app logged ${issues.length} line(s) that look like trouble, e.g.:\n  ${issues.slice(0, 10).join("\n  ")}`);
  }
}

async function appBenchmarks(app: BenchApp, receiver: BenchReceiver, rawPerSecond: number | undefined) {
  if (selected.has("end-to-end")) {
    await stage("end-to-end throughput", async () => {
      const e2e = await endToEndBench(app, receiver, {
        events: knobs.BENCH_E2E_EVENTS,
        endpoints: knobs.BENCH_E2E_ENDPOINTS,
        connections: knobs.BENCH_E2E_CONNECTIONS,
        warmup: knobs.BENCH_E2E_WARMUP_EVENTS,
      });
      figures.endToEndDeliveriesPerSecond = e2e.perSecond;
      figures.endToEndCpuMsPerDelivery = e2e.cpu;
      if (rawPerSecond) figures.endToEndToRawSendRatio = round(e2e.perSecond / rawPerSecond, 4);
      report(rawPerSecond ? `${e2e.summary}; ${round((100 * e2e.perSecond) / rawPerSecond, 2)} % of raw-send` : e2e.summary);
    });
    await stage("first-attempt latency", async () => {
      const rate = knobs.BENCH_LATENCY_RATE;
      const latency = await firstAttemptLatencyBench(app, receiver, { rate, seconds: knobs.BENCH_LATENCY_SECONDS });
      figures.firstAttemptLatencyMs = { ...latency.latency, offeredEventsPerSecond: rate, deliveredEventsPerSecond: latency.deliveredPerSecond };
      report(latency.summary);
    });
    await stage("end-to-end throughput through the batch endpoint", async () => {
      const e2e = await endToEndBench(app, receiver, {
        events: knobs.BENCH_E2E_EVENTS,
        endpoints: knobs.BENCH_E2E_ENDPOINTS,
        connections: knobs.BENCH_E2E_BATCH_CONNECTIONS,
        warmup: knobs.BENCH_E2E_WARMUP_EVENTS,
        batchSize: knobs.BENCH_E2E_BATCH_SIZE,
      });
      figures.endToEndBatchDeliveriesPerSecond = e2e.perSecond;
      figures.endToEndBatchCpuMsPerDelivery = e2e.cpu;
      report(e2e.summary);
    });
  }
  if (selected.has("ingest")) {
    await stage("ingest", async () => {
      const ingest = await ingestBench(app, {
        connections: knobs.BENCH_INGEST_CONNECTIONS,
        seconds: knobs.BENCH_INGEST_SECONDS,
        warmupSeconds: knobs.BENCH_INGEST_WARMUP_SECONDS,
      });
      figures.ingestRequestsPerSecond = ingest.result.perSecond;
      figures.ingestP50Ms = ingest.result.latency.p50;
      figures.ingestP99Ms = ingest.result.latency.p99;
      figures.ingestCpuMsPerRequest = ingest.cpu;
      report(ingest.summary);
    });
    await stage("ingest through the batch endpoint", async () => {
      const ingest = await ingestBench(app, {
        connections: knobs.BENCH_INGEST_BATCH_CONNECTIONS,
        seconds: knobs.BENCH_INGEST_SECONDS,
        warmupSeconds: knobs.BENCH_INGEST_WARMUP_SECONDS,
        batchSize: knobs.BENCH_INGEST_BATCH_SIZE,
      });
      figures.ingestBatchEventsPerSecond = ingest.result.eventsPerSecond;
      figures.ingestBatchRequestsPerSecond = ingest.result.perSecond;
      figures.ingestBatchP50Ms = ingest.result.latency.p50;
      figures.ingestBatchP99Ms = ingest.result.latency.p99;
      figures.ingestBatchCpuMsPerEvent = ingest.cpu;
      report(ingest.summary);
    });
  }
  if (selected.has("cleanup")) {
    await stage("cleanup", async () => {
      const cleanup = await cleanupBench(app, {
        rows: knobs.BENCH_CLEANUP_ROWS,
        connections: knobs.BENCH_CLEANUP_INGEST_CONNECTIONS,
        ingestSeconds: knobs.BENCH_CLEANUP_INGEST_SECONDS,
      });
      figures.cleanupRowsPerSecond = cleanup.perSecond;
      figures.ingestP99WithoutCleanupMs = cleanup.quiet.latency.p99;
      figures.ingestP99DuringCleanupMs = cleanup.busy.latency.p99;
      figures.ingestP99DoubledDuringCleanup = cleanup.doubled;
      report(cleanup.summary);
    });
  }
  // Seeded after the other benchmarks, so theirs run beside no tenants.
  if (selected.has("tenants")) {
    await stage(`tenants: seeding ${knobs.BENCH_TENANTS} tenants`, async () => {
      tenantWorkspace = await seedTenantWorkspace(receiver, knobs.BENCH_TENANTS);
    });
  }
  if (tenantWorkspace) {
    const seeded = tenantWorkspace;
    await stage("tenants: publishing", async () => {
      const publish = await tenantPublishBench(app, receiver, seeded, {
        roundEvents: knobs.BENCH_TENANT_ROUND_EVENTS,
        rounds: knobs.BENCH_TENANT_ROUNDS,
        connections: knobs.BENCH_TENANT_CONNECTIONS,
        warmup: knobs.BENCH_TENANT_WARMUP_EVENTS,
      });
      figures.tenantPublish = publish.figures;
      report(publish.summary);
    });
  }
}

async function historyBenchmarks() {
  const history: Record<string, unknown> = {};
  const dashboard: Record<string, unknown> = {};
  figures.historyQueryMs = history;
  figures.dashboardQueryMs = dashboard;
  for (const n of knobs.BENCH_HISTORY_SIZES) {
    await stage(`history at ${n} deliveries`, async () => {
      const result = await historyBench(n);
      history[n] = result.history;
      dashboard[n] = result.dashboard;
      report(result.summary);
    });
  }
}

async function main() {
  const { dataDir, receiver } = await startBenchRun("tern-bench");

  let rawPerSecond: number | undefined;
  if (selected.has("raw-send")) {
    await stage("raw-send", async () => {
      const raw = await rawSendBench(receiver, knobs.BENCH_RAW_REQUESTS);
      rawPerSecond = figures.rawSendPerSecond = raw.perSecond;
      report(raw.summary);
    });
  }
  if (![...selected].some((name) => name !== "raw-send")) return;

  progress("starting embedded PostgreSQL");
  const database = await startBenchDatabase(dataDir);
  onTeardown(database.stop);
  if (selected.has("end-to-end") || selected.has("ingest") || selected.has("cleanup") || selected.has("tenants")) {
    await withApp(dataDir, database.url, (app) => appBenchmarks(app, receiver, rawPerSecond));
  }
  if (selected.has("history")) await historyBenchmarks();
  if (tenantWorkspace) {
    const seeded = tenantWorkspace;
    const n = knobs.BENCH_TENANT_HISTORY_DELIVERIES;
    await stage(`tenants at ${n} deliveries`, async () => {
      const result = await tenantHistoryBench(seeded, n);
      figures.tenantHistory = {
        deliveries: n,
        biggestTenantDeliveries: result.biggestTenantDeliveries,
        medianTenantDeliveries: result.medianTenantDeliveries,
        queryMs: result.queries,
      };
      report(result.summary);
    });
  }
}

const started = performance.now();
let exitCode = 0;
try {
  await main();
  figures.totalSeconds = round((performance.now() - started) / 1000);
} catch (error) {
  errors.setup = (error as Error).message;
  console.error("[bench] setup failed:", error);
} finally {
  await tearDown();
}
if (Object.keys(errors).length > 0) {
  figures.errors = errors;
  exitCode = 1;
}
console.log("\n── summary");
for (const summary of summaries) console.log(summary);
console.log(JSON.stringify(figures));
process.exit(exitCode);
