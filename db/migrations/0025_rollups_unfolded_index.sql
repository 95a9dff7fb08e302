-- The rollup rows left for the hourly fold (lib/stats/fold-rollups.ts), in key order: shards
-- other than 0. A folded row leaves the index, so it holds about the last hour's rows.
CREATE INDEX "attempt_rollups_unfolded_idx" ON "attempt_rollups" USING btree ("workspace_id","hour","endpoint_id","status","shard") WHERE "attempt_rollups"."shard" <> 0;--> statement-breakpoint
CREATE INDEX "delivery_rollups_unfolded_idx" ON "delivery_rollups" USING btree ("workspace_id","hour","endpoint_id","shard") WHERE "delivery_rollups"."shard" <> 0;