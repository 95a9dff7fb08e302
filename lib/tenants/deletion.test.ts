// Deleting and disabling a tenant while events keep flowing, end to end: real Postgres, the
// embedded executor running the delete-tenant function, and a loopback receiver.
import { and, between, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { engineRuns } from "@/db/engine-schema";
import { deliveries, events, tenants } from "@/db/schema";
import { tenantDeletedEvent } from "@/inngest/events";
import { sendEvents } from "@/inngest/send";
import { listDeliveries } from "@/lib/deliveries/queries";
import { sendTestEvent } from "@/lib/deliveries/send-test-event";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import type { Executor } from "@/lib/engine/executor";
import { publishEvent } from "@/lib/events/publish";
import { listEvents } from "@/lib/events/queries";
import { createTenant, deleteTenant, findTenant, listTenants, updateTenant } from "@/lib/tenants/tenants";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { startReceiver } from "@/test/receiver";
import { endpointIdsOf, rowCounts } from "@/test/tenant-rows";
import { startTernExecutor } from "@/test/tern-engine";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";

const system = { type: "system", id: null } as const;
let executor: Executor;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  executor = await startTernExecutor();
  // Paths under /slow/ answer after a while, so their attempts are still in flight when the tenant goes.
  receiver = await startReceiver((request, response) => {
    if (request.path.startsWith("/slow/")) setTimeout(() => response.end("ok"), 300);
    else response.end("ok");
  });
});
afterAll(async () => {
  await executor.stop();
  await receiver.close();
});

async function endpoint(workspaceId: string, path: string, tenant?: string, eventTypes = ["*"]) {
  return createEndpoint(workspaceId, createEndpointInput.parse({ url: receiver.url(path), eventTypes, tenant }), system);
}

/** Publishes `count` events one after another and returns their ids. */
async function publishSeveral(workspaceId: string, count: number, tenant?: string, type = "invoice.paid") {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await publishEvent(workspaceId, { type, data: { i }, tenant })).event.id);
  return ids;
}

/** Waits until the engine has nothing left to run and no delivery of these workspaces is still on its way. */
const settled = (workspaceIds: string[]) =>
  eventually(
    async () =>
      (await executor.idle()) &&
      (await db.$count(deliveries, and(inArray(deliveries.workspaceId, workspaceIds), inArray(deliveries.status, ["pending", "delivering"])))) === 0,
    "every delivery settled",
    60_000,
  );

const deliveriesOf = (eventIds: string[]) =>
  db
    .select({ eventId: deliveries.eventId, endpointId: deliveries.endpointId, status: deliveries.status, lastError: deliveries.lastError })
    .from(deliveries)
    .where(inArray(deliveries.eventId, eventIds));

/** The delete-tenant run of this tenant, once it has ended. */
const deleteRunOf = (tenantId: string) =>
  eventually(
    async () => {
      const [run] = await db
        .select()
        .from(engineRuns)
        .where(
          and(
            eq(engineRuns.functionId, "tern-delete-tenant"),
            sql`${engineRuns.event}->'data'->>'tenantId' = ${tenantId}`,
            inArray(engineRuns.status, ["completed", "failed"]),
          ),
        );
      return run;
    },
    `the delete-tenant run of ${tenantId}`,
    60_000,
  );

const nothingLeft = { endpoints: 0, events: 0, deliveries: 0, attempts: 0, rolledUpDeliveries: 0, rolledUpAttempts: 0 };
const plus = (counts: Awaited<ReturnType<typeof rowCounts>>, rows: number) => ({
  ...counts,
  events: counts.events + rows,
  deliveries: counts.deliveries + rows,
  attempts: counts.attempts + rows,
  rolledUpDeliveries: counts.rolledUpDeliveries + rows,
  rolledUpAttempts: counts.rolledUpAttempts + rows,
});

describe("deleting a tenant", () => {
  it("takes it out of every lookup at once, deletes its data in the background while other events flow, and frees its key", async () => {
    const { workspace } = await createOwnedWorkspace();
    const other = (await createOwnedWorkspace()).workspace;
    const a = await createTenant(workspace.id, { key: "cus_a", metadata: {} }, system);
    const b = await createTenant(workspace.id, { key: "cus_b", metadata: {} }, system);
    const twin = await createTenant(other.id, { key: "cus_a", metadata: {} }, system);
    await endpoint(workspace.id, "/slow/a-all", "cus_a");
    const aInvoices = await endpoint(workspace.id, "/a-invoices", "cus_a", ["invoice.*"]);
    const bAll = await endpoint(workspace.id, "/b-all", "cus_b");
    const own = await endpoint(workspace.id, "/own");
    await endpoint(other.id, "/twin", "cus_a");

    await publishSeveral(workspace.id, 10, "cus_a");
    await sendTestEvent(workspace.id, aInvoices.id, {}, system);
    await publishSeveral(workspace.id, 3, "cus_b");
    await publishSeveral(workspace.id, 3);
    await publishSeveral(other.id, 3, "cus_a");
    await settled([workspace.id, other.id]);

    const aEndpoints = await endpointIdsOf(workspace.id, a.id);
    const ownEndpoints = await endpointIdsOf(workspace.id, null);
    const twinEndpoints = await endpointIdsOf(other.id, twin.id);
    const before = {
      a: await rowCounts(workspace.id, a.id, aEndpoints),
      b: await rowCounts(workspace.id, b.id, [bAll.id]),
      own: await rowCounts(workspace.id, null, ownEndpoints),
      twin: await rowCounts(other.id, twin.id, twinEndpoints),
    };
    // Ten events to both of A's endpoints, and the test send.
    expect(before.a).toEqual({ endpoints: 2, events: 11, deliveries: 21, attempts: 21, rolledUpDeliveries: 21, rolledUpAttempts: 21 });

    // Attempts still in flight to A's slow endpoint when it goes.
    await publishSeveral(workspace.id, 3, "cus_a");
    const load = Promise.all([publishSeveral(workspace.id, 25, "cus_b"), publishSeveral(workspace.id, 25), publishSeveral(other.id, 10, "cus_a")]);
    await deleteTenant(workspace.id, "cus_a", system);

    await expect(findTenant(workspace.id, a.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(findTenant(workspace.id, "cus_a")).rejects.toMatchObject({ code: "not_found" });
    expect((await listTenants(workspace.id, { limit: 100 })).data.map((tenant) => tenant.key)).toEqual(["cus_b"]);
    // The key is free at once, and its new tenant sees nothing of the old one's history.
    const again = await createTenant(workspace.id, { key: "cus_a", metadata: {} }, system);
    expect(again.id).not.toBe(a.id);
    expect((await listEvents(workspace.id, { tenant: "cus_a", limit: 100 })).data).toEqual([]);
    expect((await listDeliveries(workspace.id, { tenant: "cus_a", limit: 100 })).data).toEqual([]);
    // Publishing for the key now reaches the new tenant, which has no endpoints yet; the old id names nothing.
    const forNew = (await publishEvent(workspace.id, { type: "invoice.paid", data: {}, tenant: "cus_a" })).event;
    expect(forNew.tenantId).toBe(again.id);
    await expect(publishEvent(workspace.id, { type: "invoice.paid", data: {}, tenant: a.id })).rejects.toMatchObject({ field: "tenant" });
    const [forBAfter, forOwnAfter, forTwinAfter] = await load;

    const run = await deleteRunOf(a.id);
    expect(run).toMatchObject({ status: "completed", output: { state: "finished" } });
    // The deletion ran while the other events were being published.
    const during = await db.$count(events, and(inArray(events.id, [...forBAfter, ...forOwnAfter]), between(events.createdAt, run.createdAt, run.endedAt!)));
    expect(during).toBeGreaterThan(0);
    await settled([workspace.id, other.id]);
    expect(await rowCounts(workspace.id, a.id, aEndpoints)).toEqual(nothingLeft);
    expect(await db.$count(tenants, eq(tenants.id, a.id))).toBe(0);

    // Every event published during the deletion reached its endpoint; nothing else changed.
    const loadDeliveries = await deliveriesOf([...forBAfter, ...forOwnAfter, ...forTwinAfter]);
    expect(loadDeliveries).toHaveLength(60);
    expect(loadDeliveries.every((delivery) => delivery.status === "succeeded")).toBe(true);
    expect(new Set(loadDeliveries.filter((delivery) => forBAfter.includes(delivery.eventId)).map((delivery) => delivery.endpointId))).toEqual(
      new Set([bAll.id]),
    );
    expect(new Set(loadDeliveries.filter((delivery) => forOwnAfter.includes(delivery.eventId)).map((delivery) => delivery.endpointId))).toEqual(
      new Set([own.id]),
    );
    expect(await rowCounts(workspace.id, b.id, [bAll.id])).toEqual(plus(before.b, 25));
    expect(await rowCounts(workspace.id, null, ownEndpoints)).toEqual(plus(before.own, 25));
    expect(await rowCounts(other.id, twin.id, twinEndpoints)).toEqual(plus(before.twin, 10));
    expect(await rowCounts(workspace.id, again.id, [])).toMatchObject({ endpoints: 0, events: 1, deliveries: 0 });

    // The event arriving again (a repeated send) finds nothing left to do.
    await sendEvents([{ ...tenantDeletedEvent({ id: a.id, workspaceId: workspace.id }), id: `again-${a.id}` }]);
    await settled([workspace.id]);
    const runs = await db
      .select({ status: engineRuns.status, output: engineRuns.output })
      .from(engineRuns)
      .where(and(eq(engineRuns.functionId, "tern-delete-tenant"), sql`${engineRuns.event}->'data'->>'tenantId' = ${a.id}`));
    expect(runs).toHaveLength(2);
    expect(runs).toContainEqual({ status: "completed", output: { state: "finished", deleted: 0 } });
  }, 120_000);

  it("refuses a deletion event for a tenant that is not deleted, and deletes nothing", async () => {
    const { workspace } = await createOwnedWorkspace();
    const live = await createTenant(workspace.id, { key: "live", metadata: {} }, system);
    await endpoint(workspace.id, "/live", "live");
    await publishSeveral(workspace.id, 2, "live");
    await settled([workspace.id]);
    const endpointIds = await endpointIdsOf(workspace.id, live.id);
    const before = await rowCounts(workspace.id, live.id, endpointIds);

    await sendEvents([tenantDeletedEvent({ id: live.id, workspaceId: workspace.id })]);
    const run = await deleteRunOf(live.id);
    expect(run.status).toBe("failed");
    expect(JSON.stringify(run.error)).toContain("is not deleted");
    expect(await rowCounts(workspace.id, live.id, endpointIds)).toEqual(before);
    expect((await findTenant(workspace.id, "live")).id).toBe(live.id);
  });
});

describe("disabling a tenant", () => {
  it("skips its deliveries from then on with the reason while another tenant's events keep succeeding", async () => {
    const { workspace } = await createOwnedWorkspace();
    await createTenant(workspace.id, { key: "paused", metadata: {} }, system);
    await createTenant(workspace.id, { key: "active", metadata: {} }, system);
    await endpoint(workspace.id, "/paused", "paused");
    await endpoint(workspace.id, "/active", "active");

    let disabling: Promise<unknown> | undefined;
    let disabled = false;
    const publishPaused = async () => {
      const published: { id: string; afterDisable: boolean }[] = [];
      for (let i = 0; i < 30; i++) {
        const afterDisable = disabled;
        published.push({ id: (await publishEvent(workspace.id, { type: "invoice.paid", data: { i }, tenant: "paused" })).event.id, afterDisable });
        if (i === 9) {
          disabling = updateTenant(workspace.id, "paused", { disabled: true, disabledReason: "Unpaid invoices" }, system).then(() => {
            disabled = true;
          });
        }
      }
      return published;
    };
    const [paused, active] = await Promise.all([publishPaused(), publishSeveral(workspace.id, 30, "active")]);
    await disabling;
    await settled([workspace.id]);

    const later = paused.filter((event) => event.afterDisable).map((event) => event.id);
    expect(later.length).toBeGreaterThan(0);
    const pausedDeliveries = await deliveriesOf(paused.map((event) => event.id));
    expect(pausedDeliveries).toHaveLength(30);
    for (const delivery of pausedDeliveries) {
      if (later.includes(delivery.eventId)) expect(delivery).toMatchObject({ status: "skipped", lastError: "Tenant disabled: Unpaid invoices" });
      else expect(["succeeded", "skipped"]).toContain(delivery.status);
    }
    const sentIds = new Set(receiver.received.filter((request) => request.path === "/paused").map((request) => request.headers["webhook-id"]));
    expect(later.filter((id) => sentIds.has(id))).toEqual([]);

    const activeDeliveries = await deliveriesOf(active);
    expect(activeDeliveries).toHaveLength(30);
    expect(activeDeliveries.every((delivery) => delivery.status === "succeeded")).toBe(true);
  });
});
