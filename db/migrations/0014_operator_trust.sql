CREATE TYPE "public"."alert_channel_kind" AS ENUM('email', 'slack');--> statement-breakpoint
CREATE TYPE "public"."alert_condition" AS ENUM('endpoint_failing', 'endpoint_disabled', 'deliveries_exhausted');--> statement-breakpoint
CREATE TYPE "public"."alert_status" AS ENUM('open', 'acknowledged', 'resolved');--> statement-breakpoint
ALTER TYPE "public"."delivery_status" ADD VALUE 'retrying' BEFORE 'succeeded';--> statement-breakpoint
CREATE TABLE "alert_channels" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"kind" "alert_channel_kind" NOT NULL,
	"name" text NOT NULL,
	"email_recipients" text[] DEFAULT '{}'::text[] NOT NULL,
	"slack_webhook_url_encrypted" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"last_sent_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"endpoint_id" text,
	"condition" "alert_condition" NOT NULL,
	"status" "alert_status" DEFAULT 'open' NOT NULL,
	"summary" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by_user_id" text,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "audit_log_workspace_created_idx";--> statement-breakpoint
ALTER TABLE "delivery_rollups" ADD COLUMN "retrying" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_channels" ADD CONSTRAINT "alert_channels_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_acknowledged_by_user_id_users_id_fk" FOREIGN KEY ("acknowledged_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_channels_workspace_idx" ON "alert_channels" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_unresolved_key" ON "alerts" USING btree ("workspace_id","endpoint_id","condition") WHERE "alerts"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "alerts_workspace_status_created_idx" ON "alerts" USING btree ("workspace_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "alerts_workspace_created_idx" ON "alerts" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "audit_log_workspace_action_created_idx" ON "audit_log" USING btree ("workspace_id","action","created_at","id");--> statement-breakpoint
CREATE INDEX "audit_log_workspace_actor_created_idx" ON "audit_log" USING btree ("workspace_id","actor_id","created_at","id");--> statement-breakpoint
CREATE INDEX "audit_log_workspace_created_idx" ON "audit_log" USING btree ("workspace_id","created_at","id");