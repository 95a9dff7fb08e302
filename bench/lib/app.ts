// The production app exactly as `npm start` runs it (scripts/start.ts: migrate, build when the
// sources changed, `next start` with the embedded executor), on the run's database and a free port.
import { spawn } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { freePort } from "@/db/embedded";
import type { Health } from "@/lib/health/health";
import { progress } from "./log";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const STARTUP_LIMIT_MS = 15 * 60_000; // a first start includes `next build`
const IDLE_LIMIT_MS = 15 * 60_000;
const STOP_GRACE_MS = 30_000;

// Lifted so the benchmarks measure the server, not the per-key limit (default 100/s, burst 200).
const RATE_LIMIT_ENV = { TERN_API_RATE_LIMIT: "1000000", TERN_API_RATE_BURST: "1000000" };
export const RATE_LIMIT_NOTE = `API rate limit lifted: ${Object.entries(RATE_LIMIT_ENV)
  .map(([name, value]) => `${name}=${value}`)
  .join(" ")}`;

export type BenchApp = Awaited<ReturnType<typeof startApp>>;

export async function startApp({ dataDir, databaseUrl }: { dataDir: string; databaseUrl: string }) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = path.join(dataDir, "app.log");
  const log = createWriteStream(logFile);
  // One process (no tsx wrapper), in its own process group, so signals reach scripts/start.ts directly.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      ...RATE_LIMIT_ENV,
      PORT: String(port),
      TERN_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      TERN_ALLOW_PRIVATE_NETWORKS: "1",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  createInterface({ input: child.stdout }).on("line", (line) => line.startsWith("[tern]") && progress(`app: ${line.slice(7)}`));
  const running = () => child.exitCode === null && child.signalCode === null;
  // "close" comes after the last output, so the log is complete once it is ended.
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  let logEnded: Promise<void> | undefined;
  const readLog = async () => {
    logEnded ??= new Promise<void>((resolve) => log.end(resolve));
    await logEnded;
    return readFileSync(logFile, "utf8").trimEnd().split("\n");
  };

  const health = async (): Promise<Health | undefined> => {
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      return response.ok ? ((await response.json()) as Health) : undefined;
    } catch {
      return undefined;
    }
  };

  const stop = async () => {
    if (running()) {
      child.kill("SIGTERM"); // scripts/start.ts passes it on to `next start`
      // Then its whole process group, so a hung `next start` goes too.
      const killer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), STOP_GRACE_MS);
      await closed;
      clearTimeout(killer);
    }
  };

  // The data dir (and the log in it) is removed after the run, so a failed start quotes the log.
  const failedStart = async (reason: string) => {
    await stop();
    return new Error(`${reason}:\n  ${(await readLog()).slice(-30).join("\n  ")}`);
  };
  const started = Date.now();
  while (!(await health())) {
    if (!running()) throw await failedStart(`the app exited with code ${child.exitCode ?? child.signalCode}`);
    if (Date.now() - started > STARTUP_LIMIT_MS) throw await failedStart(`the app was not healthy after ${STARTUP_LIMIT_MS / 60_000} min`);
    await sleep(500);
  }
  progress(`app healthy at ${baseUrl} after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  return {
    baseUrl,
    stop,
    /**
     * Waits until the engine has no due or running runs (a load leaves fan-outs behind), so the
     * next measurement starts on an idle app. Returns the seconds it took.
     */
    waitForEngineIdle: async (): Promise<number> => {
      const start = Date.now();
      let reported = start;
      for (;;) {
        const engine = (await health())?.engine;
        const busy = engine?.mode === "embedded" ? (engine.queuedRuns ?? 0) + (engine.runningRuns ?? 0) : 0;
        if (engine && busy === 0) return (Date.now() - start) / 1000;
        if (Date.now() - start > IDLE_LIMIT_MS) throw new Error(`the engine still had ${busy} runs after ${IDLE_LIMIT_MS / 60_000} min`);
        if (Date.now() - reported > 15_000) {
          progress(`waiting for the engine to drain: ${busy} runs left`);
          reported = Date.now();
        }
        await sleep(500);
      }
    },
    /** Log lines that look like trouble, to report once the app has stopped. */
    logIssues: async (): Promise<string[]> => (await readLog()).filter((line) => /error|warn|fail|unhandled|exception/i.test(line)),
  };
}
