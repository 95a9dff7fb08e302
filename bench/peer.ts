// `npm run bench:peer`: Tern's end-to-end throughput against a minimal durable sender built on
// BullMQ and Redis (bench/peers/bullmq/), measured in one run on the same machine, receiver and
// workload, in interleaved rounds. Each round runs Tern's end-to-end benchmark twice (single events
// through POST /api/v1/events, then batches through POST /api/v1/events/batch, exactly as
// `npm run bench -- end-to-end`) against the production app, stops the app, then measures the
// BullMQ sender; the next round takes them in the other order, so a machine slowing down during
// the run does not favour either. Prints one line per measurement, a table with the median of
// each column, and, as the last line of stdout, one JSON object with the figures.
//
// The peer publishes in-process from a publisher process (an event row in PostgreSQL, then one
// job per (event, endpoint) with addBulk); its worker process signs with `standardwebhooks`,
// POSTs with undici over keep-alive connections and records an attempt row. Its database is a
// second one in the run's embedded PostgreSQL cluster (same server, same settings as Tern's);
// its Redis is a redis-server of its own per round, with its defaults plus `appendonly yes` and
// `appendfsync everysec`. It needs `redis-server` on PATH, and installs its own dependencies
// (`npm --prefix bench/peers/bullmq ci`) on first use.
//
// Knobs (environment; the workload's are end-to-end's, see bench/run.ts):
//   BENCH_PEER_ROUNDS=3                  rounds, each measuring Tern (single and batched) and the peer once
//   BENCH_PEER_CONCURRENCY=256           jobs the peer's worker runs at once (BullMQ's `concurrency`; of 16, 64, 128,
//                                        256 and 512, 256 cost the least CPU per delivery, see bench/README.md)
//   BENCH_E2E_EVENTS=4000                events published per measurement…
//   BENCH_E2E_ENDPOINTS=4                …each delivered to this many endpoints
//   BENCH_E2E_CONNECTIONS=64             …by this many concurrent publishers (Tern: connections; the peer: callers)
//   BENCH_E2E_WARMUP_EVENTS=2000         …after this many published and delivered unmeasured
//   BENCH_E2E_BATCH_SIZE=50              Tern's batched measurement publishes batches of this many events…
//   BENCH_E2E_BATCH_CONNECTIONS=8        …over this many connections
// Tern's own settings (TERN_DB_POOL_SIZE, TERN_ENGINE_MAX_IN_FLIGHT, …) pass through to the app.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { endToEndBench } from "./end-to-end";
import { startApp } from "./lib/app";
import { startBenchDatabase } from "./lib/database";
import { progress } from "./lib/log";
import type { BenchReceiver } from "./lib/receiver";
import { startBenchRun } from "./lib/run-start";
import { benchSettings } from "./lib/settings";
import { round } from "./lib/stats";
import { onTeardown, tearDown, tearDownOnSignals } from "./lib/teardown";
import { bullmqPeerBench, createPeerDatabase, PEER_DIR, type PeerDatabase } from "./peer-bullmq";

const knobs = benchSettings(process.env);
if (spawnSync("redis-server", ["--version"]).error) {
  console.error("The BullMQ sender needs redis-server on PATH (Debian and Ubuntu: apt-get install -y redis-server).");
  process.exit(2);
}
if (!existsSync(path.join(PEER_DIR, "node_modules"))) {
  progress("installing the BullMQ sender's dependencies (npm --prefix bench/peers/bullmq ci)");
  const install = spawnSync("npm", ["--prefix", PEER_DIR, "ci", "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (install.status !== 0) process.exit(2);
}

type Sender = "tern" | "ternBatched" | "bullmq";
const SENDERS: Record<Sender, string> = { tern: "Tern", ternBatched: "Tern, batched", bullmq: "BullMQ sender" };
type Measurement = { sender: Sender; round: number; perSecond: number; publishSeconds: number; cpu: Record<string, number> };

const measurements: Measurement[] = [];

tearDownOnSignals();

function record(sender: Sender, round: number, result: { perSecond: number; publishSeconds: number; cpu: Record<string, number>; summary: string }) {
  measurements.push({ sender, round, perSecond: result.perSecond, publishSeconds: result.publishSeconds, cpu: result.cpu });
  console.log(`round ${round}: ${result.summary}`);
}

async function measureTern(round: number, dataDir: string, databaseUrl: string, receiver: BenchReceiver) {
  progress(`round ${round}: Tern (production build; builds first when the sources changed)`);
  const app = await startApp({ dataDir, databaseUrl });
  onTeardown(app.stop);
  const workload = { events: knobs.BENCH_E2E_EVENTS, endpoints: knobs.BENCH_E2E_ENDPOINTS, warmup: knobs.BENCH_E2E_WARMUP_EVENTS };
  try {
    record("tern", round, await endToEndBench(app, receiver, { ...workload, connections: knobs.BENCH_E2E_CONNECTIONS }));
    const batched = { ...workload, connections: knobs.BENCH_E2E_BATCH_CONNECTIONS, batchSize: knobs.BENCH_E2E_BATCH_SIZE };
    record("ternBatched", round, await endToEndBench(app, receiver, batched));
  } finally {
    await app.stop();
  }
}

async function measurePeer(round: number, dataDir: string, database: PeerDatabase, receiver: BenchReceiver) {
  progress(`round ${round}: the BullMQ sender`);
  const result = await bullmqPeerBench(receiver, database, {
    events: knobs.BENCH_E2E_EVENTS,
    connections: knobs.BENCH_E2E_CONNECTIONS,
    warmup: knobs.BENCH_E2E_WARMUP_EVENTS,
    concurrency: knobs.BENCH_PEER_CONCURRENCY,
    dataDir,
  });
  record("bullmq", round, result);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : round((sorted[middle - 1]! + sorted[middle]!) / 2, 2);
}

const CPU_COLUMNS = ["web", "publisher", "worker", "redis", "postgres", "bench"] as const;

/** The measurements as a Markdown table, each sender's rounds followed by their medians, and the medians as figures. */
function summarise(): { table: string; figures: Record<string, unknown> } {
  const header = ["sender", "round", "deliveries/s", "publishing s", ...CPU_COLUMNS.map((role) => `CPU ms ${role}`), "CPU ms total"];
  const row = (cells: (string | number | undefined)[]) => `| ${cells.map((cell) => cell ?? "—").join(" | ")} |`;
  const lines = [row(header), row(header.map(() => "---"))];
  const figures: Record<string, unknown> = {};
  for (const sender of Object.keys(SENDERS) as Sender[]) {
    const rounds = measurements.filter((measurement) => measurement.sender === sender);
    if (rounds.length === 0) continue;
    const totalCpu = (measurement: Measurement) => round(Object.values(measurement.cpu).reduce((sum, ms) => sum + ms, 0) - (measurement.cpu.bench ?? 0), 2);
    for (const measurement of rounds) {
      lines.push(
        row([
          SENDERS[sender],
          measurement.round,
          measurement.perSecond,
          measurement.publishSeconds,
          ...CPU_COLUMNS.map((role) => measurement.cpu[role]),
          totalCpu(measurement),
        ]),
      );
    }
    const cpu = Object.fromEntries(Object.keys(rounds[0]!.cpu).map((role) => [role, median(rounds.map((measurement) => measurement.cpu[role]!))]));
    const medians = {
      deliveriesPerSecond: median(rounds.map((measurement) => measurement.perSecond)),
      publishSeconds: median(rounds.map((measurement) => measurement.publishSeconds)),
      cpuMsPerDelivery: cpu,
      cpuMsPerDeliveryTotal: median(rounds.map(totalCpu)),
      rounds: rounds.map(({ round, perSecond, publishSeconds, cpu }) => ({ round, perSecond, publishSeconds, cpu })),
    };
    figures[sender] = medians;
    lines.push(
      row([
        `**${SENDERS[sender]}, median**`,
        "",
        medians.deliveriesPerSecond,
        medians.publishSeconds,
        ...CPU_COLUMNS.map((role) => cpu[role]),
        medians.cpuMsPerDeliveryTotal,
      ]),
    );
  }
  return { table: lines.join("\n"), figures };
}

async function main() {
  process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
  const { dataDir, receiver } = await startBenchRun("tern-bench-peer");
  progress("starting embedded PostgreSQL");
  const database = await startBenchDatabase(dataDir);
  onTeardown(database.stop);
  const peerDatabase = await createPeerDatabase(database.url, receiver, knobs.BENCH_E2E_ENDPOINTS);

  for (let round = 1; round <= knobs.BENCH_PEER_ROUNDS; round++) {
    const tern = () => measureTern(round, dataDir, database.url, receiver);
    const peer = () => measurePeer(round, dataDir, peerDatabase, receiver);
    for (const measure of round % 2 === 1 ? [tern, peer] : [peer, tern]) await measure();
  }
}

const started = performance.now();
let exitCode = 0;
const figures: Record<string, unknown> = {};
try {
  await main();
} catch (error) {
  figures.error = (error as Error).message;
  exitCode = 1;
  console.error("[bench] failed:", error);
} finally {
  await tearDown();
}
const { table, figures: medians } = summarise();
console.log(`\n── CPU ms per delivery by process; total without the benchmark process (load generator and receiver)\n${table}`);
Object.assign(figures, medians, {
  workload: {
    events: knobs.BENCH_E2E_EVENTS,
    endpoints: knobs.BENCH_E2E_ENDPOINTS,
    connections: knobs.BENCH_E2E_CONNECTIONS,
    warmupEvents: knobs.BENCH_E2E_WARMUP_EVENTS,
    batchSize: knobs.BENCH_E2E_BATCH_SIZE,
    batchConnections: knobs.BENCH_E2E_BATCH_CONNECTIONS,
    peerConcurrency: knobs.BENCH_PEER_CONCURRENCY,
  },
  totalSeconds: round((performance.now() - started) / 1000),
});
console.log(JSON.stringify(figures));
process.exit(exitCode);
