ALTER TABLE "engine_runs" ADD COLUMN "events" jsonb;--> statement-breakpoint
ALTER TABLE "engine_runs" ADD COLUMN "batch_key" text;--> statement-breakpoint
CREATE INDEX "engine_runs_batch_idx" ON "engine_runs" USING btree ("batch_key","run_at") WHERE status = 'queued' and batch_key is not null;