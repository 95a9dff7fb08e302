-- The claim's index: each concurrency key's queued runs in the order they are due, so a claim
-- reads the heads of the keys with a due run and free slots instead of every due run.
CREATE INDEX "engine_runs_queued_key_idx" ON "engine_runs" USING btree ("concurrency_key","run_at") WHERE status = 'queued';
