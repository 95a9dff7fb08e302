import { drizzle } from "drizzle-orm/postgres-js";
import { setting } from "@/lib/config/settings";
import { postgresClient } from "./client";
import * as schema from "./schema";

let customPlans = false;

/**
 * Plans every execution of a prepared statement for its parameters in this process; call before
 * its first query. For the delivery worker, whose statements act on batches of 1 to 100 rows: a
 * generic plan, fixed once per connection while the tables were small, kept scanning all of
 * deliveries (1,356 sequential scans reading 35 million rows in one benchmark run). The web
 * server keeps generic plans: its statements are lookups by key, where planning would cost
 * PostgreSQL more than they do.
 */
export function planEachExecution(): void {
  customPlans = true;
}

function connect() {
  const url = setting("DATABASE_URL");
  if (!url) throw new Error("DATABASE_URL is not set: start Tern with `npm start`, which provides one.");
  const client = postgresClient(url, {
    max: setting("TERN_DB_POOL_SIZE"),
    onnotice: () => {},
    ...(customPlans ? { connection: { plan_cache_mode: "force_custom_plan" } } : {}),
  });
  return drizzle(client, { schema });
}

export type Database = ReturnType<typeof connect>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

// One pool per process, kept across hot reloads in development.
const globalForDb = globalThis as unknown as { ternDb?: Database };

export function getDb(): Database {
  globalForDb.ternDb ??= connect();
  return globalForDb.ternDb;
}

/**
 * Drops the pool (its connections close in the background) so the next query opens a new one.
 * For a driver left broken by a dropped connection; see db/driver-guard.ts.
 */
export function resetDb(): void {
  const old = globalForDb.ternDb;
  globalForDb.ternDb = undefined;
  void old?.$client.end({ timeout: 0 }).catch((error: unknown) => console.warn("[tern] Closing the replaced connection pool failed:", error));
}

/** The process-wide database handle; connects on first use. */
export const db: Database = new Proxy({} as Database, {
  get: (_target, property) => Reflect.get(getDb(), property, getDb()),
});

function hasSqlState(error: unknown, code: string): boolean {
  const candidate = error as { code?: string; cause?: { code?: string } };
  return candidate?.code === code || candidate?.cause?.code === code;
}

/** True for a unique-constraint violation, however the driver or ORM wrapped it. */
export function isUniqueViolation(error: unknown): boolean {
  return hasSqlState(error, "23505");
}

/** True for a foreign-key violation (the referenced row is gone), however the driver or ORM wrapped it. */
export function isForeignKeyViolation(error: unknown): boolean {
  return hasSqlState(error, "23503");
}

/** True when PostgreSQL rolled the statement back to break a deadlock, however the driver or ORM wrapped it. */
export function isDeadlock(error: unknown): boolean {
  return hasSqlState(error, "40P01");
}
