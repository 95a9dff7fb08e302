import { sql } from "drizzle-orm";
import { db } from "@/db";
import { engineMode } from "@/lib/engine/config";

export type Health = {
  status: "ok" | "degraded";
  database: { status: "up" | "down"; latencyMs?: number; error?: string };
  engine:
    | { mode: "inngest" }
    | { mode: "embedded"; status: "up" | "not synced" | "unknown"; functions?: number; queuedRuns?: number; runningRuns?: number };
};

const DATABASE_CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), DATABASE_CHECK_TIMEOUT_MS).unref()),
  ]);
}

async function checkDatabase(): Promise<Health["database"]> {
  const started = performance.now();
  try {
    await withTimeout(db.execute(sql`select 1`));
    return { status: "up", latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    // The details (hosts, users) stay in the server log: this endpoint needs no sign-in.
    console.error("Health check: database unreachable", error);
    return { status: "down", error: "The database did not answer." };
  }
}

async function checkEngine(databaseUp: boolean): Promise<Health["engine"]> {
  if (engineMode() === "inngest") return { mode: "inngest" };
  if (!databaseUp) return { mode: "embedded", status: "unknown" };
  const [row] = await withTimeout(
    db.execute<{ functions: number; queued: number; running: number }>(sql`
      select (select count(*)::int from engine_functions) as functions,
             (select count(*)::int from engine_runs where status = 'queued' and run_at <= now()) as queued,
             (select count(*)::int from engine_runs where status = 'running') as running`),
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
  const engine = await checkEngine(database.status === "up").catch((): Health["engine"] => ({ mode: "embedded", status: "unknown" }));
  const healthy = database.status === "up" && (engine.mode === "inngest" || engine.status === "up");
  return { status: healthy ? "ok" : "degraded", database, engine };
}
