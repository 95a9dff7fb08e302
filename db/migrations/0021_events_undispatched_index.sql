-- The redispatch sweeper's index: with an Inngest server, events whose hand-over failed keep
-- dispatched_at null until it sends them. The embedded engine sets it in the inserting statement,
-- so its events never enter the index.
-- Events left undispatched before the sweeper existed were answered with an error, so their
-- publishers were told they failed (and may have published them again): they are marked as
-- handed over, and the sweeper never sends them.
UPDATE "events" SET "dispatched_at" = "created_at" WHERE "dispatched_at" IS NULL;--> statement-breakpoint
CREATE INDEX "events_undispatched_created_idx" ON "events" USING btree ("created_at") WHERE "events"."dispatched_at" is null;
