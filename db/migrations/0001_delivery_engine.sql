CREATE TABLE "engine_cron" (
	"function_id" text PRIMARY KEY NOT NULL,
	"cron" text NOT NULL,
	"next_at" timestamp with time zone NOT NULL,
	"last_fired_at" bigint
);
--> statement-breakpoint
CREATE TABLE "engine_events" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine_functions" (
	"id" text PRIMARY KEY NOT NULL,
	"config" jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"function_id" text NOT NULL,
	"event" jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"steps" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"stack" text[] DEFAULT '{}'::text[] NOT NULL,
	"attempt" integer DEFAULT 0 NOT NULL,
	"concurrency_key" text,
	"concurrency_limit" integer,
	"idempotency_key" text,
	"lease_owner" text,
	"lease_expires_at" timestamp with time zone,
	"output" jsonb,
	"error" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "endpoints" ADD COLUMN "failing_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "endpoints" ADD COLUMN "failed_attempts_since_success" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "dispatched_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "engine_events_received_idx" ON "engine_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "engine_runs_due_idx" ON "engine_runs" USING btree ("run_at") WHERE status = 'queued';--> statement-breakpoint
CREATE INDEX "engine_runs_leased_idx" ON "engine_runs" USING btree ("lease_expires_at") WHERE status = 'running';--> statement-breakpoint
CREATE INDEX "engine_runs_concurrency_idx" ON "engine_runs" USING btree ("concurrency_key") WHERE status = 'running';--> statement-breakpoint
CREATE INDEX "engine_runs_ended_idx" ON "engine_runs" USING btree ("ended_at");--> statement-breakpoint
CREATE UNIQUE INDEX "engine_runs_idempotency_key" ON "engine_runs" USING btree ("function_id","idempotency_key");