CREATE TABLE "tenants" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"disabled_at" timestamp with time zone,
	"disabled_reason" text,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "tenant_id" text;--> statement-breakpoint
ALTER TABLE "endpoints" ADD COLUMN "tenant_id" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "tenant_id" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "max_endpoints_per_tenant" integer DEFAULT 20 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tenants_workspace_key_live_key" ON "tenants" USING btree ("workspace_id","key") WHERE "tenants"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tenants_workspace_created_idx" ON "tenants" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tenants_workspace_key_prefix_idx" ON "tenants" USING btree ("workspace_id",lower("key") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "tenants_workspace_name_prefix_idx" ON "tenants" USING btree ("workspace_id",lower("name") text_pattern_ops);--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "endpoints" ADD CONSTRAINT "endpoints_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deliveries_tenant_created_idx" ON "deliveries" USING btree ("tenant_id","created_at","id") WHERE "deliveries"."tenant_id" is not null;--> statement-breakpoint
CREATE INDEX "endpoints_tenant_idx" ON "endpoints" USING btree ("tenant_id","created_at") WHERE "endpoints"."tenant_id" is not null;--> statement-breakpoint
CREATE INDEX "endpoints_workspace_own_idx" ON "endpoints" USING btree ("workspace_id","created_at") WHERE "endpoints"."tenant_id" is null;--> statement-breakpoint
CREATE INDEX "events_tenant_created_idx" ON "events" USING btree ("tenant_id","created_at","id") WHERE "events"."tenant_id" is not null;