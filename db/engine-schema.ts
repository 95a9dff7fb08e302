// State of the embedded Inngest-compatible executor (lib/engine). Only used when no Inngest
// server is configured; a real Inngest server keeps this state itself.
import { type AnyColumn, sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

export type EngineEventPayload = { id: string; name: string; data: Record<string, unknown>; ts: number; v?: string };
export type MemoizedStep = { data: unknown } | { error: unknown };

// Partial-index predicates spell column names bare, as the migrations created them: drizzle-kit
// compares the predicate's text, and would rebuild an index whose names became qualified.
const bare = (column: AnyColumn) => sql.raw(column.name);

/** Every event the SDK sent, kept briefly so a repeated event id starts no second run. */
export const engineEvents = pgTable(
  "engine_events",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    payload: jsonb("payload").$type<EngineEventPayload>().notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("engine_events_received_idx").on(t.receivedAt)],
);

/**
 * One function run. `queued` runs become due at `run_at` (a sleep or a retry backoff is just a
 * later `run_at`); a worker leases a due run by setting `running` with `lease_expires_at`, and a
 * lease that expires (the worker died) makes the run claimable again.
 */
export const engineRuns = pgTable(
  "engine_runs",
  {
    id: text("id").primaryKey(),
    functionId: text("function_id").notNull(),
    event: jsonb("event").$type<EngineEventPayload>().notNull(),
    // A batch's events, the first being `event`; null for a run of one event.
    events: jsonb("events").$type<EngineEventPayload[]>(),
    // `batched`: the run's event was taken into the batch run named in `output`.
    status: text("status", { enum: ["queued", "running", "completed", "failed", "cancelled", "batched"] })
      .notNull()
      .default("queued"),
    runAt: timestamp("run_at", { withTimezone: true }).notNull().defaultNow(),
    // Memoized step results keyed by the SDK's step hash, and their completion order.
    steps: jsonb("steps").$type<Record<string, MemoizedStep>>().notNull().default({}),
    stack: text("stack").array().notNull().default(sql`'{}'::text[]`),
    // Attempt number of the call that is due next (0 = first try).
    attempt: integer("attempt").notNull().default(0),
    // Runs sharing a concurrency key execute at most `concurrency_limit` calls at once.
    concurrencyKey: text("concurrency_key"),
    concurrencyLimit: integer("concurrency_limit"),
    idempotencyKey: text("idempotency_key"),
    // Queued runs of a batched function sharing this key are taken into one batch when claimed.
    batchKey: text("batch_key"),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true }),
    output: jsonb("output"),
    error: jsonb("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [
    index("engine_runs_due_idx")
      .on(t.runAt)
      .where(sql`${bare(t.status)} = 'queued'`),
    // The claim's (lib/engine/executor.ts): the queued runs of each concurrency key in the order
    // they are due, so a claim reads the heads of the keys with free slots, not the whole backlog;
    // runs without a key sort last, also in that order.
    index("engine_runs_queued_key_idx")
      .on(t.concurrencyKey, t.runAt)
      .where(sql`${bare(t.status)} = 'queued'`),
    index("engine_runs_leased_idx")
      .on(t.leaseExpiresAt)
      .where(sql`${bare(t.status)} = 'running'`),
    index("engine_runs_concurrency_idx")
      .on(t.concurrencyKey)
      .where(sql`${bare(t.status)} = 'running'`),
    // For housekeeping, which deletes the runs that ended long ago: queued and running runs need no entry.
    index("engine_runs_ended_idx")
      .on(t.endedAt)
      .where(sql`${bare(t.endedAt)} is not null`),
    index("engine_runs_batch_idx")
      .on(t.batchKey, t.runAt)
      .where(sql`${bare(t.status)} = 'queued' and ${bare(t.batchKey)} is not null`),
    // Only runs with a key need an entry: most functions (delivery among them) have none.
    uniqueIndex("engine_runs_idempotency_key")
      .on(t.functionId, t.idempotencyKey)
      .where(sql`${bare(t.idempotencyKey)} is not null`),
  ],
);

/** Function configurations from the last in-band sync of the app's serve handler. */
export const engineFunctions = pgTable("engine_functions", {
  id: text("id").primaryKey(),
  config: jsonb("config").$type<Record<string, unknown>>().notNull(),
  syncedAt: timestamp("synced_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Next fire time of each cron-triggered function; the row lock makes one instance fire it. */
export const engineCron = pgTable("engine_cron", {
  functionId: text("function_id").primaryKey(),
  cron: text("cron").notNull(),
  nextAt: timestamp("next_at", { withTimezone: true }).notNull(),
  lastFiredAt: bigint("last_fired_at", { mode: "number" }),
});
