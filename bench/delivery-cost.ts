// What each delivery costs PostgreSQL and the worker after it is published: events published
// in-process (publishEvent, the statement POST /api/v1/events runs) fan out to endpoints on a
// loopback receiver, and `npm run worker` delivers them, as in the end-to-end benchmark but
// without the web server. Reports, per delivery: CPU of PostgreSQL (every backend, autovacuum
// included) and of the worker, WAL bytes, statements and transactions, each hot table's writes
// with their share of HOT updates, and the statements that cost PostgreSQL most.
//
// Usage: npm run bench:delivery-cost
//   BENCH_E2E_EVENTS=4000 BENCH_E2E_ENDPOINTS=4 BENCH_E2E_CONNECTIONS=64 BENCH_E2E_WARMUP_EVENTS=2000 (as end-to-end)
//   DELIVERY_COST_EXPLAIN=1   log the plans of a sample of statements, with buffers and WAL
//                             (auto_explain), to the cluster's postgres.log; slows PostgreSQL
//   DELIVERY_COST_KEEP=1      keep the data directory (and its postgres.log) afterwards
//   DELIVERY_COST_SETUP_SQL="alter table deliveries set (fillfactor = 80)"
//                             run after the migrations, to try a schema change before writing its migration
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type postgres from "postgres";
import { getDb } from "@/db";
import { postgresClient } from "@/db/client";
import { startEmbeddedPostgres } from "@/db/embedded";
import { migrateDatabase } from "@/db/migrate";
import { ensureGeneratedSecrets } from "@/lib/config/data-dir";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { publishEvent } from "@/lib/events/publish";
import { childrenOf, cpuOf } from "./lib/cpu";
import { progress } from "./lib/log";
import { startBenchReceiver } from "./lib/receiver";
import { benchSettings } from "./lib/settings";
import { round } from "./lib/stats";
import { createBenchWorkspace } from "./lib/workspace";

const HOT_TABLES = ["deliveries", "attempts", "engine_runs", "events", "endpoints", "delivery_rollups", "attempt_rollups"];
// A backend reports its table and WAL counters when it has been idle a while (at most 10 s later).
const STATS_FLUSH_MS = 11_000;

const knobs = benchSettings(process.env);
const explain = process.env.DELIVERY_COST_EXPLAIN === "1";
const keep = process.env.DELIVERY_COST_KEEP === "1";
const setupSql = process.env.DELIVERY_COST_SETUP_SQL;

/** Whether a PostgreSQL process serves a client: its title names a user, a database and a host ("postgres: tern tern [local] idle"). */
function isClientBackend(pid: number): boolean {
  try {
    const title = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
    return /^postgres: \S+ \S+ (\[local\]|\S+\(\d+\)) /.test(title);
  } catch {
    return false; // it ended meanwhile
  }
}

/**
 * PostgreSQL's CPU seconds: the postmaster with the children it reaped (autovacuum workers come and
 * go), and its live backends and workers; `clients` is the share of the live client backends, so a
 * connection that ends between two readings is missing from its difference.
 */
function postgresCpu(clusterDir: string): { total: number; clients: number } {
  const postmaster = Number.parseInt(readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8"), 10);
  let [total, clients] = [cpuOf(postmaster), 0];
  for (const pid of childrenOf(postmaster)) {
    const cpu = cpuOf(pid);
    total += cpu;
    if (isClientBackend(pid)) clients += cpu;
  }
  return { total, clients };
}

function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { env: process.env, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the worker exited with ${code} before starting`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Embedded executor started")) resolve(child);
    });
  });
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

type TableCounters = { table: string; inserted: number; updated: number; hot: number; deleted: number };

async function readCounters(sql: postgres.Sql) {
  const [position] = await sql<{ lsn: string; commits: number }[]>`
    select pg_current_wal_lsn()::text as lsn, (select xact_commit + xact_rollback from pg_stat_database where datname = current_database())::float8 as commits`;
  const [wal] = await sql<{ records: number; fpi: number }[]>`select wal_records::float8 as records, wal_fpi::float8 as fpi from pg_stat_wal`;
  const tables = await sql<TableCounters[]>`
    select relname as table, n_tup_ins::float8 as inserted, n_tup_upd::float8 as updated, n_tup_hot_upd::float8 as hot, n_tup_del::float8 as deleted
    from pg_stat_user_tables where relname = any(${HOT_TABLES})`;
  return { lsn: position!.lsn, commits: position!.commits, walRecords: wal!.records, fpi: wal!.fpi, tables };
}

async function main() {
  progress(
    `${availableParallelism()} CPUs, load average ${loadavg()
      .map((load) => load.toFixed(2))
      .join(" ")} at the start`,
  );
  const dataDir = mkdtempSync(path.join(tmpdir(), "tern-delivery-cost-"));
  chmodSync(dataDir, 0o755); // embedded PostgreSQL runs as `postgres` when we are root
  const clusterDir = path.join(dataDir, "postgres");
  process.env.TERN_DATA_DIR = dataDir;
  process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
  ensureGeneratedSecrets();

  // pg_stat_statements (and auto_explain) load only at server start: configure, then restart.
  let database = await startEmbeddedPostgres({ clusterDir });
  const port = Number(new URL(database.url).port);
  const setup = postgresClient(database.url, { max: 1, onnotice: () => {} });
  await setup.unsafe(`alter system set shared_preload_libraries = ${explain ? "'pg_stat_statements', 'auto_explain'" : "'pg_stat_statements'"}`);
  await setup.unsafe("alter system set pg_stat_statements.track = 'all'");
  await setup.unsafe("alter system set pg_stat_statements.track_planning = on");
  if (explain) {
    for (const [name, value] of Object.entries({
      "auto_explain.log_min_duration": "0",
      "auto_explain.log_analyze": "on",
      "auto_explain.log_buffers": "on",
      "auto_explain.log_wal": "on",
      "auto_explain.log_nested_statements": "on",
      "auto_explain.sample_rate": "0.01",
    })) {
      await setup.unsafe(`alter system set ${name} = '${value}'`);
    }
  }
  await setup.end();
  await database.stop();
  database = await startEmbeddedPostgres({ clusterDir, port });
  process.env.DATABASE_URL = database.url;
  await migrateDatabase(database.url);
  const sql = postgresClient(database.url, { max: 1, onnotice: () => {} });
  await sql`create extension if not exists pg_stat_statements`;
  for (const statement of setupSql?.split(";").filter((text) => text.trim()) ?? []) await sql.unsafe(statement);

  const receiver = await startBenchReceiver();
  let worker: ChildProcess | undefined;
  try {
    const { workspaceId } = await createBenchWorkspace("delivery cost");
    const paths = Array.from({ length: knobs.BENCH_E2E_ENDPOINTS }, (_, i) => `/cost/${i}`);
    const system = { type: "system", id: null } as const;
    for (const at of paths) await createEndpoint(workspaceId, createEndpointInput.parse({ url: receiver.url(at), eventTypes: ["*"] }), system);
    const delivered = () => paths.reduce((sum, at) => sum + receiver.arrivals(at).size, 0);
    const idle = async () => {
      for (;;) {
        const [row] = await sql<{ open: number }[]>`select count(*)::int as open from engine_runs where status in ('queued', 'running')`;
        if (row!.open === 0) return;
        await sleep(50);
      }
    };
    let next = 0;
    const publish = (count: number) =>
      Promise.all(
        Array.from({ length: knobs.BENCH_E2E_CONNECTIONS }, async () => {
          while (next < count) await publishEvent(workspaceId, { type: "bench.cost", data: { n: next++ } });
        }),
      );

    worker = await startWorker();
    progress(`warm-up: ${knobs.BENCH_E2E_WARMUP_EVENTS} events × ${paths.length} endpoints`);
    next = 0;
    await publish(knobs.BENCH_E2E_WARMUP_EVENTS);
    await receiver.waitUntil(() => delivered() >= knobs.BENCH_E2E_WARMUP_EVENTS * paths.length, "the warm-up deliveries");
    await idle();
    await sleep(STATS_FLUSH_MS);

    const expected = knobs.BENCH_E2E_EVENTS * paths.length;
    const baseline = delivered();
    const before = await readCounters(sql);
    await sql`select pg_stat_statements_reset()`;
    const measuredSince = new Date();
    const cpuBefore = { postgres: postgresCpu(clusterDir), worker: cpuOf(worker.pid!), bench: cpuOf(process.pid) };
    progress(`measuring: ${knobs.BENCH_E2E_EVENTS} events × ${paths.length} endpoints over ${knobs.BENCH_E2E_CONNECTIONS} publishers`);
    const start = performance.now();
    next = 0;
    await publish(knobs.BENCH_E2E_EVENTS);
    const publishSeconds = (performance.now() - start) / 1000;
    await receiver.waitUntil(() => delivered() - baseline >= expected, `${expected} deliveries`);
    const seconds = (performance.now() - start) / 1000;
    await idle();
    const cpuAfter = { postgres: postgresCpu(clusterDir), worker: cpuOf(worker.pid!), bench: cpuOf(process.pid) };
    const [wal] = await sql<{ bytes: number }[]>`select pg_wal_lsn_diff(pg_current_wal_lsn(), ${before.lsn}::pg_lsn)::float8 as bytes`;
    // Stopping the worker and the publishing pool makes their backends report their counters.
    await stopWorker(worker);
    await getDb().$client.end();
    await sleep(STATS_FLUSH_MS);
    const after = await readCounters(sql);

    const per = (value: number, digits = 2) => round(value / expected, digits);
    const cpuMs = (before: number, after: number) => per((after - before) * 1000);
    const [statements] = await sql<{ calls: number; planMs: number }[]>`
      select coalesce(sum(calls) filter (where toplevel), 0)::float8 as calls, coalesce(sum(total_plan_time), 0)::float8 as "planMs"
      from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())`;
    const top = await sql<{ query: string; toplevel: boolean; calls: number; rows: number; ms: number; planMs: number; wal: number }[]>`
      select query, toplevel, calls::float8, rows::float8, total_exec_time::float8 as ms, total_plan_time::float8 as "planMs", wal_bytes::float8 as wal
      from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
      order by total_exec_time + total_plan_time desc limit 25`;
    const batches = await sql<{ function_id: string; runs: number; events: number }[]>`
      select function_id, count(*)::int as runs, sum(coalesce(jsonb_array_length(events), 1))::int as events
      from engine_runs where created_at >= ${measuredSince} and status <> 'batched' group by 1 order by 2 desc`;

    const tables = Object.fromEntries(
      HOT_TABLES.map((table) => {
        const a = after.tables.find((row) => row.table === table);
        const b = before.tables.find((row) => row.table === table);
        const delta = (key: "inserted" | "updated" | "hot" | "deleted") => (a?.[key] ?? 0) - (b?.[key] ?? 0);
        const updated = delta("updated");
        return [
          table,
          {
            inserts: per(delta("inserted")),
            updates: per(updated),
            hotPercent: updated ? round((100 * delta("hot")) / updated) : null,
            deletes: per(delta("deleted")),
          },
        ];
      }),
    );
    const figures = {
      deliveries: expected,
      deliveriesPerSecond: Math.round(expected / seconds),
      publishSeconds: round(publishSeconds),
      cpuMsPerDelivery: {
        postgres: cpuMs(cpuBefore.postgres.total, cpuAfter.postgres.total),
        postgresClientBackends: cpuMs(cpuBefore.postgres.clients, cpuAfter.postgres.clients),
        worker: cpuMs(cpuBefore.worker, cpuAfter.worker),
        publisherAndReceiver: cpuMs(cpuBefore.bench, cpuAfter.bench),
      },
      walBytesPerDelivery: per(wal!.bytes, 0),
      walRecordsPerDelivery: per(after.walRecords - before.walRecords, 1),
      fullPageImagesPerDelivery: per(after.fpi - before.fpi),
      statementsPerDelivery: per(statements!.calls),
      planningMsPerDelivery: per(statements!.planMs, 3),
      transactionsPerDelivery: per(after.commits - before.commits),
      runs: batches.map((row) => ({ functionId: row.function_id, runs: row.runs, eventsPerRun: round(row.events / row.runs) })),
      tables,
    };

    console.log(`\n── ${expected} deliveries in ${round(seconds)} s (${figures.deliveriesPerSecond}/s; publishing ${figures.publishSeconds} s)`);
    console.log(
      `CPU per delivery: PostgreSQL ${figures.cpuMsPerDelivery.postgres} ms (client backends ${figures.cpuMsPerDelivery.postgresClientBackends} ms), worker ${figures.cpuMsPerDelivery.worker} ms, publisher and receiver ${figures.cpuMsPerDelivery.publisherAndReceiver} ms`,
    );
    console.log(
      `WAL per delivery: ${figures.walBytesPerDelivery} bytes in ${figures.walRecordsPerDelivery} records (${figures.fullPageImagesPerDelivery} full-page images); ` +
        `${figures.statementsPerDelivery} statements and ${figures.transactionsPerDelivery} transactions per delivery, ${figures.planningMsPerDelivery} ms planning them`,
    );
    for (const run of figures.runs) console.log(`runs: ${run.functionId}: ${run.runs}, ${run.eventsPerRun} events each`);
    console.log("\nper delivery       inserts  updates   HOT %  deletes");
    for (const [table, t] of Object.entries(tables)) {
      console.log(
        `${table.padEnd(18)} ${String(t.inserts).padStart(7)}  ${String(t.updates).padStart(7)}  ${String(t.hotPercent ?? "–").padStart(6)}  ${String(t.deletes).padStart(7)}`,
      );
    }
    console.log("\nstatements by time in PostgreSQL, per delivery: ms executing (+ planning), calls, WAL bytes (· nested in a trigger)");
    for (const row of top) {
      const text = row.query.replace(/\s+/g, " ").slice(0, 110);
      console.log(
        `${String(per(row.ms, 4)).padStart(7)} ms ${`+${per(row.planMs, 4)}`.padStart(7)} ${String(per(row.calls, 3)).padStart(6)} × ${String(per(row.wal, 0)).padStart(6)} B ${row.toplevel ? " " : "·"} ${text}`,
      );
    }
    if (explain) console.log(`\nplans: ${path.join(dataDir, "postgres.log")}`);
    console.log(JSON.stringify(figures));
  } finally {
    if (worker) await stopWorker(worker);
    await receiver.close();
    await sql.end();
    await getDb()
      .$client.end()
      .catch(() => {});
    await database.stop();
    if (keep) progress(`data kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
