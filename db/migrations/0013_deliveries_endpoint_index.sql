DROP INDEX "deliveries_workspace_endpoint_created_idx";--> statement-breakpoint
CREATE INDEX "deliveries_endpoint_created_idx" ON "deliveries" USING btree ("endpoint_id","created_at","id");