// Routing by tenant, end to end: real Postgres, the embedded executor and a loopback receiver.
// An event for a tenant reaches that tenant's matching endpoints only; one without a tenant only
// the workspace's own; both fan-out paths route alike.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { deliveries, events, tenants, workspaces } from "@/db/schema";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { INLINE_FAN_OUT_LIMIT, planFanOut } from "@/lib/events/fan-out";
import { publishEvent } from "@/lib/events/publish";
import { createTenant, updateTenant } from "@/lib/tenants/tenants";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { engineAndReceiverForFile } from "@/test/tern-engine";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";

const system = { type: "system", id: null } as const;
const engine = engineAndReceiverForFile();

async function endpoint(workspaceId: string, path: string, tenant?: string, eventTypes = ["*"]) {
  return createEndpoint(workspaceId, createEndpointInput.parse({ url: engine.receiver.url(path), eventTypes, tenant }), system);
}

const deliveriesOf = (eventId: string) =>
  db
    .select({ endpointId: deliveries.endpointId, tenantId: deliveries.tenantId, status: deliveries.status })
    .from(deliveries)
    .where(eq(deliveries.eventId, eventId));

const settled = (eventId: string, count: number) =>
  eventually(async () => {
    const rows = await deliveriesOf(eventId);
    return rows.length === count && rows.every((row) => !["pending", "delivering"].includes(row.status)) && (await engine.executor.idle()) ? rows : undefined;
  }, `${count} settled deliveries of ${eventId}`);

describe("routing by tenant", () => {
  it("sends a tenant's event to that tenant's matching endpoints only, and an event without one to the workspace's own", async () => {
    const { workspace } = await createOwnedWorkspace();
    const a = await createTenant(workspace.id, { key: "cus_a", metadata: {} }, system);
    const b = await createTenant(workspace.id, { key: "cus_b", metadata: {} }, system);
    const aAll = await endpoint(workspace.id, "/route/a-all", "cus_a");
    await endpoint(workspace.id, "/route/a-user", a.id, ["user.*"]);
    const bAll = await endpoint(workspace.id, "/route/b-all", b.id);
    const own = await endpoint(workspace.id, "/route/own");
    expect([aAll.tenantId, bAll.tenantId, own.tenantId]).toEqual([a.id, b.id, null]);

    const forA = await publishEvent(workspace.id, { type: "invoice.paid", data: {}, tenant: "cus_a" });
    const forB = await publishEvent(workspace.id, { type: "invoice.paid", data: {}, tenant: b.id });
    const forWorkspace = await publishEvent(workspace.id, { type: "invoice.paid", data: {} });

    expect(forA.event.tenantId).toBe(a.id);
    expect(await settled(forA.event.id, 1)).toEqual([{ endpointId: aAll.id, tenantId: a.id, status: "succeeded" }]);
    expect(await settled(forB.event.id, 1)).toEqual([{ endpointId: bAll.id, tenantId: b.id, status: "succeeded" }]);
    expect(await settled(forWorkspace.event.id, 1)).toEqual([{ endpointId: own.id, tenantId: null, status: "succeeded" }]);
  });

  it("creates the tenant of a key seen for the first time in the publishing statement, once however many publish at once", async () => {
    const { workspace } = await createOwnedWorkspace();
    const published = await Promise.all(
      Array.from({ length: 8 }, () => publishEvent(workspace.id, { type: "user.created", data: {}, tenant: "new-customer" })),
    );
    const created = await db.select().from(tenants).where(eq(tenants.workspaceId, workspace.id));
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ key: "new-customer", name: "new-customer" });
    expect(new Set(published.map(({ event }) => event.tenantId))).toEqual(new Set([created[0]!.id]));
  });

  it("refuses an unknown tenant id, and creates no tenant for an event strict mode refuses", async () => {
    const { workspace } = await createOwnedWorkspace();
    await expect(publishEvent(workspace.id, { type: "a.b", data: {}, tenant: "tnt_01hzzzzzzzzzzzzzzzzzzzzzzz" })).rejects.toMatchObject({ field: "tenant" });
    await db.update(workspaces).set({ strictEventTypes: true }).where(eq(workspaces.id, workspace.id));
    await expect(publishEvent(workspace.id, { type: "not.in.catalog", data: {}, tenant: "someone" })).rejects.toMatchObject({ field: "type" });
    expect(await db.$count(tenants, eq(tenants.workspaceId, workspace.id))).toBe(0);
  });

  it("routes a fan-out wider than the inline limit by tenant too", async () => {
    const { workspace } = await createOwnedWorkspace();
    await db
      .update(workspaces)
      .set({ maxEndpointsPerTenant: INLINE_FAN_OUT_LIMIT + 5 })
      .where(eq(workspaces.id, workspace.id));
    const wide = await createTenant(workspace.id, { key: "wide", metadata: {} }, system);
    await createTenant(workspace.id, { key: "other", metadata: {} }, system);
    for (let i = 0; i <= INLINE_FAN_OUT_LIMIT; i++) await endpoint(workspace.id, `/route/wide/${i}`, "wide");
    await endpoint(workspace.id, "/route/other", "other");
    await endpoint(workspace.id, "/route/wide-own");
    const { event } = await publishEvent(workspace.id, { type: "report.ready", data: {}, tenant: "wide" });
    const rows = await settled(event.id, INLINE_FAN_OUT_LIMIT + 1);
    expect(new Set(rows.map((row) => row.tenantId))).toEqual(new Set([wide.id]));
  }, 60_000);

  it("skips a disabled tenant's deliveries with the reason, and keeps the event", async () => {
    const { workspace } = await createOwnedWorkspace();
    const tenant = await createTenant(workspace.id, { key: "paused", metadata: {} }, system);
    await endpoint(workspace.id, "/route/paused", "paused");
    await updateTenant(workspace.id, "paused", { disabled: true, disabledReason: "Unpaid invoices" }, system);
    const { event } = await publishEvent(workspace.id, { type: "invoice.paid", data: {}, tenant: tenant.key });
    expect(await settled(event.id, 1)).toMatchObject([{ status: "skipped" }]);
    const [delivery] = await db.select().from(deliveries).where(eq(deliveries.eventId, event.id));
    expect(delivery!.lastError).toBe("Tenant disabled: Unpaid invoices");
    expect(await db.$count(events, and(eq(events.id, event.id), eq(events.tenantId, tenant.id)))).toBe(1);
    expect(engine.receiver.received.filter((r) => r.path === "/route/paused")).toHaveLength(0);
  });

  it("caps each tenant's endpoints at the workspace's setting", async () => {
    const { workspace } = await createOwnedWorkspace();
    await db.update(workspaces).set({ maxEndpointsPerTenant: 2 }).where(eq(workspaces.id, workspace.id));
    await createTenant(workspace.id, { key: "capped", metadata: {} }, system);
    await Promise.all([endpoint(workspace.id, "/cap/1", "capped"), endpoint(workspace.id, "/cap/2", "capped")]);
    await expect(endpoint(workspace.id, "/cap/3", "capped")).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining('"capped" already has 2 endpoints'),
    });
    await expect(endpoint(workspace.id, "/cap/none", "nobody")).rejects.toMatchObject({ code: "invalid", field: "tenant" });
    // The workspace's own endpoints are not counted against any tenant.
    await endpoint(workspace.id, "/cap/own");
  });

  it("plans the tenant's route in one lookup with either engine: inline deliveries embedded, the fan-out function with an Inngest server", async () => {
    const { workspace } = await createOwnedWorkspace();
    const a = await createTenant(workspace.id, { key: "plan_a", metadata: {} }, system);
    const aOrders = await endpoint(workspace.id, "/plan/a", a.id, ["order.*"]);
    await endpoint(workspace.id, "/plan/a-user", a.id, ["user.*"]);
    await endpoint(workspace.id, "/plan/own");
    const plan = async (tenant: string | undefined) => (await planFanOut(workspace.id, [{ id: "evt_plan", type: "order.created", tenant }]))[0];

    expect(await plan("plan_a")).toMatchObject({ tenantId: a.id, targets: [{ endpointId: aOrders.id }], events: [{ data: { endpointId: aOrders.id } }] });
    expect(await plan(a.id)).toMatchObject({ tenantId: a.id });
    expect(await plan("plan_nobody")).toBeUndefined();
    expect(await plan(undefined)).toMatchObject({ tenantId: null, events: [{ data: { endpointId: expect.any(String) } }] });

    const engine = process.env.TERN_ENGINE;
    process.env.TERN_ENGINE = "inngest";
    try {
      const fanOutLater = { targets: [], events: [{ id: "fan-out-evt_plan", data: { eventId: "evt_plan" } }] };
      expect(await plan("plan_a")).toMatchObject({ tenantId: a.id, ...fanOutLater });
      expect(await plan(undefined)).toMatchObject({ tenantId: null, ...fanOutLater });
      expect(await plan("plan_nobody")).toBeUndefined();
    } finally {
      if (engine === undefined) delete process.env.TERN_ENGINE;
      else process.env.TERN_ENGINE = engine;
    }
  });
});
