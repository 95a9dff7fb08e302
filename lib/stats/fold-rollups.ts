// The hourly fold of the rollups' shards: while an hour runs, each database session adds to its
// shard (db/rollup-triggers.ts); once it is over, its shards are summed into one row per key, so
// that the dashboard reads about one row per endpoint and hour of its history.
import { db } from "@/db";
import { foldShardsStatement } from "@/db/rollup-triggers";

export const FOLD_BATCH = 5_000;
export const ROLLUP_TABLES = ["delivery_rollups", "attempt_rollups"] as const;

/** Folds up to `limit` rows of one rollup table; returns how many it took (fewer than `limit` when no more were free). */
export async function foldRollupBatch(table: (typeof ROLLUP_TABLES)[number], limit = FOLD_BATCH): Promise<number> {
  const [row] = await db.execute<{ taken: number }>(foldShardsStatement(table, limit));
  return row?.taken ?? 0;
}
