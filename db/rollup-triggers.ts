// The SQL that keeps the dashboard's hourly rollups (delivery_rollups, attempt_rollups) exact:
// statement-level triggers on deliveries and attempts add each statement's rows once, grouped by
// (workspace, hour, endpoint[, status]) in key order, so concurrent statements lock rollup rows
// in the same order. Each session adds to its own shard (its backend pid modulo ROLLUP_SHARDS),
// so concurrent transactions do not queue on one row lock held until commit; readers sum the
// shards. Deletes fold every shard of the keys they touch into shard 0, minus the deleted rows,
// and drop rows left empty; an hour that is over has its shards folded into shard 0 too
// (foldShardsStatement, run hourly), so readers of past hours sum one row per key, plus any
// that a later change to the hour (a retry of a delivery created in it) added since.
// `npm run db:rollup-triggers` writes the triggers into a new migration.
import { type SQL, sql } from "drizzle-orm";
import { BUCKET_GROWTH, EXACT_BUCKETS, histogramColumns, LATENCY_BUCKETS } from "./latency-histogram";
import { deliveryStatus } from "./schema";

// A pool opens its connections together, so their backends have nearly consecutive pids and
// land in different shards; connections it replaces later (postgres.js renews each within the
// hour) land anywhere, and 20 sessions over 64 shards share about three. With 8, the web
// server's and the worker's 20 connections shared shards, and each publish waited for another's
// commit on the same rollup rows: half of its time in PostgreSQL (bench/README, fifth round).
const ROLLUP_SHARDS = 64;
const STATEMENT_BREAKPOINT = "\n--> statement-breakpoint\n";

const STATUSES = deliveryStatus.enumValues;
const DELIVERY_COUNTERS = [...STATUSES, "total", "attempts"];
const BUCKETS = Array.from({ length: LATENCY_BUCKETS }, (_, bucket) => bucket);

const list = <T>(items: readonly T[], render: (item: T) => string) => items.map(render).join(", ");
const addExcluded = (columns: readonly string[]) => list(columns, (c) => `${c} = r.${c} + excluded.${c}`);
const HOUR_OF_ROW = "date_trunc('hour', created_at, 'UTC')";

// latencyBucket() of db/latency-histogram.ts, inside PostgreSQL.
const latencyBucketFunction = `CREATE OR REPLACE FUNCTION tern_latency_bucket(ms integer) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN ms < ${EXACT_BUCKETS} THEN greatest(ms, 0) ELSE least(${LATENCY_BUCKETS - 1}, ${EXACT_BUCKETS} + floor(ln(ms::float8 / ${EXACT_BUCKETS}) / ln(${BUCKET_GROWTH}::float8))::integer) END $$;`;

const shardFunction = `CREATE OR REPLACE FUNCTION tern_rollup_shard() RETURNS smallint LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT (pg_backend_pid() % ${ROLLUP_SHARDS})::smallint $$;`;

// Rows whose counted columns did not change leave the rollups alone.
const changedRows = (counted: string[]) => {
  const changed = (side: "n" | "o") => list(counted, (c) => `${side}.${c}`);
  return `SELECT n.*, 1 AS sign FROM new_rows n JOIN old_rows o USING (id) WHERE (${changed("n")}) IS DISTINCT FROM (${changed("o")})
      UNION ALL
      SELECT o.*, -1 AS sign FROM old_rows o JOIN new_rows n USING (id) WHERE (${changed("n")}) IS DISTINCT FROM (${changed("o")})`;
};

const DELIVERY_KEY = ["workspace_id", "hour", "endpoint_id"];
const deliveryColumns = [...DELIVERY_KEY, ...DELIVERY_COUNTERS].join(", ");
const deliveryConflict = `ON CONFLICT (workspace_id, hour, endpoint_id, shard) DO UPDATE SET ${addExcluded(DELIVERY_COUNTERS)}`;

const deliveryRollupFunction = `CREATE OR REPLACE FUNCTION tern_delivery_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO delivery_rollups AS r (${deliveryColumns}, shard)
    SELECT workspace_id, ${HOUR_OF_ROW}, endpoint_id, ${list(STATUSES, (s) => `count(*) FILTER (WHERE status = '${s}')`)}, count(*), sum(attempt_count), tern_rollup_shard()
    FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ${deliveryConflict};
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO delivery_rollups AS r (${deliveryColumns}, shard)
    SELECT workspace_id, ${HOUR_OF_ROW}, endpoint_id, ${list(STATUSES, (s) => `sum(sign * (status = '${s}')::integer)`)}, sum(sign), sum(sign * attempt_count), tern_rollup_shard()
    FROM (
      ${changedRows(["status", "attempt_count", "created_at", "endpoint_id", "workspace_id"])}
    ) d
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ${deliveryConflict};
  ELSE
    -- Fold every shard of the touched keys into shard 0, minus the deleted rows, then drop rows left empty.
    WITH keys AS (SELECT DISTINCT workspace_id, ${HOUR_OF_ROW} AS hour, endpoint_id FROM old_rows),
    moved AS (
      DELETE FROM delivery_rollups r USING keys k
      WHERE r.workspace_id = k.workspace_id AND r.hour = k.hour AND r.endpoint_id = k.endpoint_id AND r.shard <> 0
      RETURNING ${list([...DELIVERY_KEY, ...DELIVERY_COUNTERS], (c) => `r.${c}`)}),
    removed AS (
      SELECT workspace_id, ${HOUR_OF_ROW} AS hour, endpoint_id, ${list(STATUSES, (s) => `-count(*) FILTER (WHERE status = '${s}')`)}, -count(*), -sum(attempt_count)
      FROM old_rows GROUP BY 1, 2, 3)
    INSERT INTO delivery_rollups AS r (${deliveryColumns}, shard)
    SELECT workspace_id, hour, endpoint_id, ${list(DELIVERY_COUNTERS, (c) => `sum(${c})`)}, 0
    FROM (SELECT * FROM moved UNION ALL SELECT * FROM removed) x (${deliveryColumns})
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ${deliveryConflict};
    DELETE FROM delivery_rollups r
    USING (SELECT DISTINCT workspace_id, ${HOUR_OF_ROW} AS hour, endpoint_id FROM old_rows) k
    WHERE r.workspace_id = k.workspace_id AND r.hour = k.hour AND r.endpoint_id = k.endpoint_id AND r.shard = 0
      AND ${DELIVERY_COUNTERS.map((c) => `r.${c} = 0`).join(" AND ")};
  END IF;
  RETURN NULL;
END $$;`;

const histogram = histogramColumns.join(", ");
const attemptColumns = `workspace_id, hour, endpoint_id, status, count, min_ms, max_ms, ${histogram}`;
const attemptConflict = `ON CONFLICT (workspace_id, hour, endpoint_id, status, shard) DO UPDATE SET
      count = r.count + excluded.count, min_ms = least(r.min_ms, excluded.min_ms), max_ms = greatest(r.max_ms, excluded.max_ms),
      ${addExcluded(histogramColumns)}`;
const withBucket = (rows: string) => `(SELECT *, tern_latency_bucket(duration_ms) AS b FROM ${rows}) x`;

const attemptRollupFunction = `CREATE OR REPLACE FUNCTION tern_attempt_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO attempt_rollups AS r (${attemptColumns}, shard)
    SELECT workspace_id, ${HOUR_OF_ROW}, endpoint_id, coalesce(response_status, 0), count(*), min(duration_ms), max(duration_ms),
      ${list(BUCKETS, (bucket) => `count(*) FILTER (WHERE b = ${bucket})`)},
      tern_rollup_shard()
    FROM ${withBucket("new_rows")} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ${attemptConflict};
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO attempt_rollups AS r (${attemptColumns}, shard)
    SELECT workspace_id, ${HOUR_OF_ROW}, endpoint_id, coalesce(response_status, 0), sum(sign), min(duration_ms), max(duration_ms),
      ${list(BUCKETS, (bucket) => `sum(sign * (b = ${bucket})::integer)`)},
      tern_rollup_shard()
    FROM (
      ${changedRows(["trigger", "response_status", "duration_ms", "created_at", "endpoint_id", "workspace_id"])}
    ) d
    CROSS JOIN LATERAL (SELECT tern_latency_bucket(d.duration_ms) AS b) x
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ${attemptConflict};
  ELSE
    -- Fold every shard of the touched keys into shard 0, minus the deleted rows, then drop rows left empty.
    -- Minimum and maximum durations cannot be taken back; they keep the widest range seen.
    WITH keys AS (SELECT DISTINCT workspace_id, ${HOUR_OF_ROW} AS hour, endpoint_id, coalesce(response_status, 0) AS status FROM old_rows),
    moved AS (
      DELETE FROM attempt_rollups r USING keys k
      WHERE r.workspace_id = k.workspace_id AND r.hour = k.hour AND r.endpoint_id = k.endpoint_id AND r.status = k.status AND r.shard <> 0
      RETURNING r.workspace_id, r.hour, r.endpoint_id, r.status, r.min_ms, r.max_ms, r.count, ${list(histogramColumns, (h) => `r.${h}`)}),
    removed AS (
      SELECT workspace_id, ${HOUR_OF_ROW} AS hour, endpoint_id, coalesce(response_status, 0) AS status, NULL::integer, NULL::integer, -count(*),
        ${list(BUCKETS, (bucket) => `-count(*) FILTER (WHERE b = ${bucket})`)}
      FROM ${withBucket("old_rows")} GROUP BY 1, 2, 3, 4)
    INSERT INTO attempt_rollups AS r (workspace_id, hour, endpoint_id, status, min_ms, max_ms, count, ${histogram}, shard)
    SELECT workspace_id, hour, endpoint_id, status, coalesce(min(min_ms), 2147483647), coalesce(max(max_ms), 0), sum(count), ${list(histogramColumns, (h) => `sum(${h})`)}, 0
    FROM (SELECT * FROM moved UNION ALL SELECT * FROM removed) x (workspace_id, hour, endpoint_id, status, min_ms, max_ms, count, ${histogram})
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (workspace_id, hour, endpoint_id, status, shard) DO UPDATE SET min_ms = least(r.min_ms, excluded.min_ms), max_ms = greatest(r.max_ms, excluded.max_ms),
      ${addExcluded(["count", ...histogramColumns])};
    DELETE FROM attempt_rollups r
    USING (SELECT DISTINCT workspace_id, ${HOUR_OF_ROW} AS hour, endpoint_id, coalesce(response_status, 0) AS status FROM old_rows) k
    WHERE r.workspace_id = k.workspace_id AND r.hour = k.hour AND r.endpoint_id = k.endpoint_id AND r.status = k.status AND r.shard = 0
      AND ${["count", ...histogramColumns].map((c) => `r.${c} = 0`).join(" AND ")};
  END IF;
  RETURN NULL;
END $$;`;

const triggers = [
  { table: "deliveries", rollup: "tern_delivery_rollup" },
  { table: "attempts", rollup: "tern_attempt_rollup" },
].flatMap(({ table, rollup }) =>
  [
    { event: "INSERT", transitionTables: "NEW TABLE AS new_rows" },
    { event: "UPDATE", transitionTables: "OLD TABLE AS old_rows NEW TABLE AS new_rows" },
    { event: "DELETE", transitionTables: "OLD TABLE AS old_rows" },
  ].map(
    ({ event, transitionTables }) =>
      `CREATE OR REPLACE TRIGGER ${table}_rollup_${event.toLowerCase()} AFTER ${event} ON ${table} REFERENCING ${transitionTables} FOR EACH STATEMENT EXECUTE FUNCTION ${rollup}();`,
  ),
);

const STATEMENTS = [latencyBucketFunction, shardFunction, deliveryRollupFunction, attemptRollupFunction, ...triggers];
const DEFINED_NAMES = STATEMENTS.flatMap((statement) => /^CREATE OR REPLACE (?:FUNCTION|TRIGGER) (\w+)/.exec(statement)?.slice(1) ?? []);
const DEFINITION = new RegExp(`create\\s+(or\\s+replace\\s+)?(function|trigger)\\s+(${DEFINED_NAMES.join("|")})\\b`, "i");

/** The rollup functions and triggers as one migration: every statement replaces what it defines. */
export function rollupTriggersSql(): string {
  const header = "-- Written by `npm run db:rollup-triggers` from db/rollup-triggers.ts: change that file, then run it for a new migration.";
  return `${header}\n${STATEMENTS.join(STATEMENT_BREAKPOINT)}\n`;
}

/** Whether a migration defines any of the rollup functions or triggers. */
export function definesRollupTriggers(migrationSql: string): boolean {
  return DEFINITION.test(migrationSql);
}

/**
 * One batch of the hourly fold: up to `limit` rows of shards other than 0, of hours that are
 * over, are deleted and added to shard 0 of their key. Rows are taken in key order, the order
 * the insert and update triggers lock them in, and a row a session holds is left for the next
 * run. Returns `taken`, the rows it took: fewer than `limit` means no more were free to take.
 */
export function foldShardsStatement(rollup: "delivery_rollups" | "attempt_rollups", limit: number): SQL {
  const key = rollup === "delivery_rollups" ? DELIVERY_KEY : [...DELIVERY_KEY, "status"];
  const values = rollup === "delivery_rollups" ? DELIVERY_COUNTERS : ["count", "min_ms", "max_ms", ...histogramColumns];
  const folded = (c: string) => (c === "min_ms" ? `min(${c})` : c === "max_ms" ? `max(${c})` : `sum(${c})`);
  const keyList = key.join(", ");
  const byKey = key.map((_, i) => i + 1).join(", ");
  return sql.raw(`
    WITH taken AS (
      SELECT ctid AS row_id FROM ${rollup}
      WHERE shard <> 0 AND hour < date_trunc('hour', now(), 'UTC')
      ORDER BY ${keyList}, shard LIMIT ${Math.trunc(limit)}
      FOR UPDATE SKIP LOCKED),
    -- By row id: joined back on the key, PostgreSQL expected one row and read the whole table for
    -- each batch. A row whose newest version is younger than this statement is left as it is.
    moved AS (
      DELETE FROM ${rollup} r WHERE r.ctid = ANY(ARRAY(SELECT row_id FROM taken))
      RETURNING ${list([...key, ...values], (c) => `r.${c}`)}),
    added AS (
      INSERT INTO ${rollup} AS r (${keyList}, ${values.join(", ")}, shard)
      SELECT ${keyList}, ${list(values, folded)}, 0 FROM moved GROUP BY ${byKey} ORDER BY ${byKey}
      ${rollup === "delivery_rollups" ? deliveryConflict : attemptConflict})
    SELECT count(*)::int AS taken FROM taken`);
}
