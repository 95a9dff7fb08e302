DROP INDEX "engine_runs_ended_idx";--> statement-breakpoint
DROP INDEX "engine_runs_idempotency_key";--> statement-breakpoint
CREATE INDEX "engine_runs_ended_idx" ON "engine_runs" USING btree ("ended_at") WHERE ended_at is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "engine_runs_idempotency_key" ON "engine_runs" USING btree ("function_id","idempotency_key") WHERE idempotency_key is not null;