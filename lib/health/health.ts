import { sql } from "drizzle-orm";
import { db } from "@/db";
import { engineFunctions, engineRuns } from "@/db/engine-schema";
import { setting } from "@/lib/config/settings";
import { log } from "@/lib/log";

const healthLog = log.child({ module: "health" });

export type Health = {
  status: "ok" | "degraded";
  database: { status: "up" | "down"; latencyMs?: number; error?: string };
  engine: { mode: "inngest" } | { mode: "embedded"; status: "up" | "not synced" | "unknown"; functions?: number; queuedRuns?: number; runningRuns?: number };
};

const DATABASE_CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), DATABASE_CHECK_TIMEOUT_MS).unref())]);
}

async function checkDatabase(): Promise<Health["database"]> {
  const started = performance.now();
  try {
    await withTimeout(db.execute(sql`select 1`));
    return { status: "up", latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    // The details (hosts, users) stay in the server log: this endpoint needs no sign-in.
    healthLog.error({ err: error }, "Health check: the database is unreachable");
    return { status: "down", error: "The database did not answer." };
  }
}

async function checkEngine(databaseUp: boolean): Promise<Health["engine"]> {
  if (setting("TERN_ENGINE") === "inngest") return { mode: "inngest" };
  if (!databaseUp) return { mode: "embedded", status: "unknown" };
  const [row] = await withTimeout(
    db.execute<{ functions: number; queued: number; running: number }>(sql`
      select (select count(*)::int from ${engineFunctions}) as functions,
             (select count(*)::int from ${engineRuns} where ${engineRuns.status} = 'queued' and ${engineRuns.runAt} <= now()) as queued,
             (select count(*)::int from ${engineRuns} where ${engineRuns.status} = 'running') as running`),
  );
  return {
    mode: "embedded",
    status: row && row.functions > 0 ? "up" : "not synced",
    functions: row?.functions,
    queuedRuns: row?.queued,
    runningRuns: row?.running,
  };
}

/** Liveness for load balancers and operators: database reachability and the delivery engine's state. */
export async function checkHealth(): Promise<Health> {
  const database = await checkDatabase();
  const engine = await checkEngine(database.status === "up").catch((error: unknown): Health["engine"] => {
    healthLog.warn({ err: error }, "Health check: reading the delivery engine's state failed");
    return { mode: "embedded", status: "unknown" };
  });
  const healthy = database.status === "up" && (engine.mode === "inngest" || engine.status === "up");
  return { status: healthy ? "ok" : "degraded", database, engine };
}
