-- Attempts lose their foreign keys to deliveries and endpoints: the one statement that inserts
-- attempts updates their deliveries in the same statement (so each delivery exists and is locked,
-- and its own key holds its endpoint), and the keys' checks locked the delivery and the endpoint
-- row once more for every attempt. What their cascades did, statement-level triggers do: an
-- attempt goes with its delivery, and with its endpoint (attempts recorded before every attempt
-- had a delivery have only that).
ALTER TABLE "attempts" DROP CONSTRAINT "attempts_delivery_id_deliveries_id_fk";
--> statement-breakpoint
ALTER TABLE "attempts" DROP CONSTRAINT "attempts_endpoint_id_endpoints_id_fk";
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tern_delete_delivery_attempts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM attempts WHERE delivery_id IN (SELECT id FROM old_rows);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tern_delete_endpoint_attempts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM attempts WHERE endpoint_id IN (SELECT id FROM old_rows);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER deliveries_delete_attempts AFTER DELETE ON deliveries REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tern_delete_delivery_attempts();
--> statement-breakpoint
CREATE TRIGGER endpoints_delete_attempts AFTER DELETE ON endpoints REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tern_delete_endpoint_attempts();
