import { sql } from "drizzle-orm";
import { db } from "@/db";

export type Health = {
  status: "ok" | "degraded";
  database: { status: "up" | "down"; latencyMs?: number; error?: string };
  engine: { mode: "embedded" | "inngest" };
};

const DATABASE_CHECK_TIMEOUT_MS = 2_000;

export function engineMode(): "embedded" | "inngest" {
  return process.env.INNGEST_BASE_URL || process.env.INNGEST_DEV ? "inngest" : "embedded";
}

async function checkDatabase(): Promise<Health["database"]> {
  const started = performance.now();
  try {
    await Promise.race([
      db.execute(sql`select 1`),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), DATABASE_CHECK_TIMEOUT_MS).unref()),
    ]);
    return { status: "up", latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    // The details (hosts, users) stay in the server log: this endpoint needs no sign-in.
    console.error("Health check: database unreachable", error);
    return { status: "down", error: "The database did not answer." };
  }
}

export async function checkHealth(): Promise<Health> {
  const database = await checkDatabase();
  return { status: database.status === "up" ? "ok" : "degraded", database, engine: { mode: engineMode() } };
}
