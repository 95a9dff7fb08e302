-- The redispatch sweeper's index: with an Inngest server, events whose hand-over failed keep
-- dispatched_at null until it sends them. The embedded engine sets it in the inserting statement,
-- so its events never enter the index.
CREATE INDEX "events_undispatched_created_idx" ON "events" USING btree ("created_at") WHERE "events"."dispatched_at" is null;
