-- The partial indexes are built beside the old ones first, so the exclusive lock of the drops is
-- held only for the renames at the end, not through the builds.
CREATE INDEX "engine_runs_ended_partial_idx" ON "engine_runs" USING btree ("ended_at") WHERE ended_at is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "engine_runs_idempotency_partial_key" ON "engine_runs" USING btree ("function_id","idempotency_key") WHERE idempotency_key is not null;--> statement-breakpoint
DROP INDEX "engine_runs_ended_idx";--> statement-breakpoint
DROP INDEX "engine_runs_idempotency_key";--> statement-breakpoint
ALTER INDEX "engine_runs_ended_partial_idx" RENAME TO "engine_runs_ended_idx";--> statement-breakpoint
ALTER INDEX "engine_runs_idempotency_partial_key" RENAME TO "engine_runs_idempotency_key";
