-- deliveries.workspace_id, deliveries.tenant_id and attempts.workspace_id are copies of the
-- event's or the endpoint's, whose own foreign keys already delete these rows with their
-- workspace or tenant (events -> deliveries -> attempts, endpoints -> deliveries and attempts).
-- Their own keys only made every delivery and attempt insert lock the one workspace row.
ALTER TABLE "attempts" DROP CONSTRAINT "attempts_workspace_id_workspaces_id_fk";
--> statement-breakpoint
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_workspace_id_workspaces_id_fk";
--> statement-breakpoint
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_tenant_id_tenants_id_fk";
