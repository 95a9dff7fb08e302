// A delivery's happy path, pending → delivering → succeeded, through the real engine and a real
// receiver: neither update changes a column an index of deliveries uses, so both are heap-only.
// Alone in its file, so that no other test's updates reach this database's counters.
import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { db } from "@/db";
import { deliveries } from "@/db/schema";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { publishEvent } from "@/lib/events/publish";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { engineAndReceiverForFile } from "@/test/tern-engine";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";

const engine = engineAndReceiverForFile();

/**
 * This database's update counters for deliveries. Each backend reports its counters when it goes
 * idle, at most a second after its previous report, so a caller waits for the updates it expects.
 */
async function updateCounters() {
  const [row] = await db.execute<{ updated: number; heapOnly: number }>(sql`
    select n_tup_upd::int as updated, n_tup_hot_upd::int as "heapOnly" from pg_stat_user_tables where relname = 'deliveries'`);
  return row!;
}

it("updates a delivery on its happy path without writing any index entry (heap-only)", async () => {
  const { workspace } = await createOwnedWorkspace();
  await createEndpoint(workspace.id, createEndpointInput.parse({ url: engine.receiver.url("/hot"), eventTypes: ["*"] }), { type: "system", id: null });
  await db.execute(sql`select pg_stat_force_next_flush()`);
  const before = await updateCounters();

  // One at a time, as deliveries spread over time in normal running: each update finds the
  // versions its page's earlier updates left behind already dead, and reclaims their room.
  const count = 20;
  for (let i = 0; i < count; i++) {
    const { event } = await publishEvent(workspace.id, { type: "order.created", data: { i } });
    await eventually(async () => {
      const [delivery] = await db.select({ status: deliveries.status }).from(deliveries).where(eq(deliveries.eventId, event.id));
      return delivery?.status === "succeeded";
    }, `delivery ${i} succeeded`);
  }

  const after = await eventually(async () => {
    const counters = await updateCounters();
    return counters.updated - before.updated >= 2 * count ? counters : undefined;
  }, "the updates counted");
  expect({ updated: after.updated - before.updated, heapOnly: after.heapOnly - before.heapOnly }).toEqual({ updated: 2 * count, heapOnly: 2 * count });
});
