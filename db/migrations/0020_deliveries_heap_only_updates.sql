-- A delivery's happy path (pending, then delivering, then succeeded) changed status, a key of
-- deliveries_workspace_status_created_idx, so each of its two updates wrote a new entry into every
-- index of deliveries. The history's index now holds `attention` instead: the status when it is
-- retrying, failed or skipped, else null, so the happy path changes no indexed column and its
-- updates can be heap-only. Nothing here rewrites the table: the column is nullable with no
-- default (a catalog change), the backfill updates only the rows that need attention, and the
-- fillfactor applies to pages as they are written, leaving room for those heap-only updates.
ALTER TABLE "deliveries" ADD COLUMN "attention" "delivery_status";--> statement-breakpoint
ALTER TABLE "deliveries" SET (fillfactor = 70);--> statement-breakpoint
-- The app never writes attention; these triggers keep it equal to what status says. Their WHEN
-- is evaluated without calling the function, so the happy path, where attention stays null,
-- pays next to nothing for them.
CREATE FUNCTION tern_delivery_attention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.attention := CASE WHEN NEW.status IN ('retrying', 'failed', 'skipped') THEN NEW.status END;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER tern_delivery_attention_insert BEFORE INSERT ON "deliveries" FOR EACH ROW
  WHEN (NEW.attention IS DISTINCT FROM (CASE WHEN NEW.status IN ('retrying', 'failed', 'skipped') THEN NEW.status END))
  EXECUTE FUNCTION tern_delivery_attention();--> statement-breakpoint
CREATE TRIGGER tern_delivery_attention_update BEFORE UPDATE OF "status", "attention" ON "deliveries" FOR EACH ROW
  WHEN (NEW.attention IS DISTINCT FROM (CASE WHEN NEW.status IN ('retrying', 'failed', 'skipped') THEN NEW.status END))
  EXECUTE FUNCTION tern_delivery_attention();--> statement-breakpoint
-- While the old index, which can find these rows, is still there.
UPDATE "deliveries" SET "attention" = "status" WHERE "status" IN ('retrying', 'failed', 'skipped');--> statement-breakpoint
CREATE INDEX "deliveries_workspace_attention_created_idx" ON "deliveries" USING btree ("workspace_id","attention","created_at","id") WHERE "deliveries"."attention" is not null;--> statement-breakpoint
DROP INDEX "deliveries_workspace_status_created_idx";
