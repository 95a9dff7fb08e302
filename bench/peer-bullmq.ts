// The BullMQ + Redis sender Tern is measured against (bench/peers/bullmq/), run the way
// end-to-end runs Tern: the same receiver, endpoints and workload, deliveries/s until every one
// arrived, after a warm-up. Its publisher, worker and Redis are started for one measurement and
// stopped after it, so they never run beside Tern's app.
import { type ChildProcess, fork, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { postgresClient } from "@/db/client";
import { freePort } from "@/db/embedded";
import { cpuMsPer, cpuSeconds, describeCpu, PEER_ROLES } from "./lib/cpu";
import type { BenchReceiver } from "./lib/receiver";
import { round } from "./lib/stats";

export const PEER_DIR = fileURLToPath(new URL("./peers/bullmq/", import.meta.url));
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PEER_DATABASE = "tern_peer_bullmq";
// The pool size Tern's processes get by default (TERN_DB_POOL_SIZE).
const PEER_DB_POOL_SIZE = 10;
// The young generation scripts/start.ts gives Tern's web server and worker.
const NODE_FLAGS = ["--max-semi-space-size=64"];
const STOP_GRACE_MS = 30_000;

export type PeerDatabase = { url: string; paths: string[] };

/**
 * The peer's database beside Tern's in the run's cluster, with its schema and `endpoints`
 * endpoints on the receiver, each with a Standard Webhooks secret of its own.
 */
export async function createPeerDatabase(clusterUrl: string, receiver: BenchReceiver, endpoints: number): Promise<PeerDatabase> {
  const admin = postgresClient(clusterUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${PEER_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(clusterUrl);
  url.pathname = `/${PEER_DATABASE}`;
  const sql = postgresClient(url.toString(), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(readFileSync(path.join(PEER_DIR, "schema.sql"), "utf8"));
    const paths = Array.from({ length: endpoints }, (_, i) => `/peer/${i}`);
    const rows = paths.map((endpoint) => ({ url: receiver.url(endpoint), secret: `whsec_${randomBytes(24).toString("base64")}` }));
    await sql`insert into endpoints ${sql(rows, "url", "secret")}`;
    return { url: url.toString(), paths };
  } finally {
    await sql.end();
  }
}

type Stoppable = { stop: () => Promise<void> };

/** Sends SIGTERM and waits for the exit, SIGKILL after a grace period. */
function stopper(child: ChildProcess): () => Promise<void> {
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    await exited;
    clearTimeout(killer);
  };
}

/** redis-server with its defaults, made durable: every write appended to a file fsynced each second, and no snapshots beside it. */
async function startRedis(dir: string): Promise<Stoppable & { url: string }> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", "everysec", "--save", ""],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const log = createWriteStream(path.join(dir, "redis.log"));
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const stop = stopper(child);
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => line.includes("Ready to accept connections") && resolve());
    child.once("exit", (code) => reject(new Error(`redis-server exited with code ${code}; see ${dir}/redis.log`)));
  });
  return { url: `redis://127.0.0.1:${port}`, stop };
}

type PeerProcess = Stoppable & { ask: (message: Record<string, number>) => Promise<Record<string, number>> };

/** One of the peer's scripts in a Node process of its own, answering the benchmark over IPC. */
async function startPeerProcess(script: string, env: Record<string, string>): Promise<PeerProcess> {
  const child = fork(path.join(PEER_DIR, script), [], {
    cwd: ROOT, // where `--import tsx` resolves
    execArgv: [...NODE_FLAGS, "--import", "tsx"],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = () =>
    new Promise<Record<string, number>>((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`the peer's ${script} exited with code ${code}`));
      child.once("exit", exited);
      child.once("message", (message: Record<string, number | string>) => {
        child.removeListener("exit", exited);
        if (typeof message.error === "string") reject(new Error(`the peer's ${script}: ${message.error}`));
        else resolve(message as Record<string, number>);
      });
    });
  const stop = stopper(child);
  try {
    await next(); // { ready: true }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    ask: (message) => {
      const answer = next();
      child.send(message);
      return answer;
    },
    stop,
  };
}

export async function bullmqPeerBench(
  receiver: BenchReceiver,
  database: PeerDatabase,
  { events, connections, warmup, concurrency, dataDir }: { events: number; connections: number; warmup: number; concurrency: number; dataDir: string },
) {
  const endpoints = database.paths.length;
  const stack: Stoppable[] = [];
  try {
    const redis = await startRedis(path.join(dataDir, `redis-${Date.now()}`));
    stack.push(redis);
    const env = {
      PEER_REDIS_URL: redis.url,
      PEER_DATABASE_URL: database.url,
      PEER_DB_POOL_SIZE: String(PEER_DB_POOL_SIZE),
      PEER_CONCURRENCY: String(concurrency),
    };
    const worker = await startPeerProcess("worker.ts", env);
    stack.push(worker);
    const publisher = await startPeerProcess("publisher.ts", env);
    stack.push(publisher);
    const delivered = () => database.paths.reduce((sum, endpoint) => sum + receiver.arrivals(endpoint).size, 0);

    // Warm-up, as for Tern: V8 compiles the hot paths of both processes during the first thousands.
    const before = delivered();
    await publisher.ask({ events: warmup, callers: connections });
    await receiver.waitUntil(() => delivered() - before >= warmup * endpoints, `${warmup * endpoints} warm-up deliveries of the peer`);
    await worker.ask({ completed: warmup * endpoints });

    const expected = events * endpoints;
    const baseline = delivered();
    const cpuBefore = cpuSeconds();
    const start = performance.now();
    const { seconds: publishSeconds = Number.NaN } = await publisher.ask({ events, callers: connections });
    await receiver.waitUntil(() => delivered() - baseline >= expected, `${expected} deliveries of the peer`);
    const seconds = (performance.now() - start) / 1000;
    // Every attempt recorded, like waiting for Tern's engine to be idle.
    await worker.ask({ completed: (warmup + events) * endpoints });
    const cpu = cpuMsPer(cpuBefore, cpuSeconds(), expected, PEER_ROLES);

    const perSecond = Math.round(expected / seconds);
    return {
      perSecond,
      publishSeconds: round(publishSeconds),
      cpu,
      summary:
        `BullMQ sender: ${perSecond} deliveries/s (${events} events × ${endpoints} endpoints = ${expected} deliveries in ${round(seconds)} s, ` +
        `${connections} concurrent publishers, worker concurrency ${concurrency}, after ${warmup} warm-up events; publishing took ${round(publishSeconds)} s; ` +
        `${describeCpu(cpu, "delivery")})`,
    };
  } finally {
    for (const started of stack.reverse()) await started.stop();
  }
}
