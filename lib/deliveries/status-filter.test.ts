// Filtering deliveries by status without an index on status: `attention` kept by triggers through
// every transition, the history's status filter for each status (bounded by the rollups' hours),
// and the dashboard's "retrying now" read from the rollups.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { type Delivery, deliveries, deliveryStatus, events } from "@/db/schema";
import { retryDelivery } from "@/lib/deliveries/manual";
import { type DeliveryFilters, listDeliveries, previousDeliveriesCursor } from "@/lib/deliveries/queries";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { publishEvent } from "@/lib/events/publish";
import { newId } from "@/lib/ids";
import { deliveryStats } from "@/lib/stats/stats";
import { createTenant } from "@/lib/tenants/tenants";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { engineAndReceiverForFile } from "@/test/tern-engine";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
process.env.TERN_RETRY_SCHEDULE = "0.05,0.05";

type Status = Delivery["status"];
const system = { type: "system", id: null } as const;
const HOUR_MS = 3_600_000;

const engine = engineAndReceiverForFile();

/** A workspace with an endpoint of its own and one of a tenant's. */
async function workspaceWithTenant(url = "https://example.com/hook") {
  const { workspace } = await createOwnedWorkspace();
  const tenant = await createTenant(workspace.id, { key: "cus_acme", metadata: {} }, system);
  const own = await createEndpoint(workspace.id, createEndpointInput.parse({ url, eventTypes: ["*"] }), system);
  const theirs = await createEndpoint(workspace.id, createEndpointInput.parse({ url, eventTypes: ["*"], tenant: tenant.id }), system);
  return { workspaceId: workspace.id, tenant, own, theirs };
}

/** Inserts a delivery (and its event) as the app would find it, without the engine. */
async function insertDelivery(workspaceId: string, endpoint: { id: string; tenantId: string | null }, status: Status, createdAt = new Date()) {
  const [event] = await db
    .insert(events)
    .values({ id: newId("evt"), workspaceId, tenantId: endpoint.tenantId, type: "order.created", data: {}, createdAt })
    .returning();
  const [delivery] = await db
    .insert(deliveries)
    .values({
      id: newId("dlv"),
      workspaceId,
      eventId: event!.id,
      endpointId: endpoint.id,
      tenantId: endpoint.tenantId,
      eventType: "order.created",
      status,
      createdAt,
    })
    .returning();
  return delivery!;
}

const attentionOf = async (id: string) => {
  const [row] = await db.select({ status: deliveries.status, attention: deliveries.attention }).from(deliveries).where(eq(deliveries.id, id));
  return row;
};

const setStatus = (id: string, status: Status) => db.update(deliveries).set({ status }).where(eq(deliveries.id, id));

describe("attention", () => {
  it("is the status while it is retrying, failed or skipped, and null otherwise, through every transition", async () => {
    const { workspaceId, own } = await workspaceWithTenant();
    const delivery = await insertDelivery(workspaceId, own, "pending");
    expect(await attentionOf(delivery.id)).toEqual({ status: "pending", attention: null });
    for (const status of ["delivering", "retrying", "delivering", "succeeded", "failed", "pending", "skipped", "delivering", "failed"] as const) {
      await setStatus(delivery.id, status);
      expect(await attentionOf(delivery.id)).toEqual({ status, attention: ["retrying", "failed", "skipped"].includes(status) ? status : null });
    }
    // Inserted in a status that asks for attention, and a write to attention itself, are set right too.
    const skipped = await insertDelivery(workspaceId, own, "skipped");
    expect(await attentionOf(skipped.id)).toEqual({ status: "skipped", attention: "skipped" });
    await db.update(deliveries).set({ attention: null }).where(eq(deliveries.id, skipped.id));
    expect(await attentionOf(skipped.id)).toEqual({ status: "skipped", attention: "skipped" });
  });

  it("follows a delivery the engine retries until it fails, then a manual retry that succeeds", async () => {
    const { workspace } = await createOwnedWorkspace();
    const workspaceId = workspace.id;
    await createEndpoint(workspaceId, createEndpointInput.parse({ url: engine.receiver.url("/attention"), eventTypes: ["*"] }), system);
    engine.receiver.setResponder((_request, response) => {
      response.statusCode = 503;
      response.end("down");
    });
    const { event } = await publishEvent(workspaceId, { type: "order.created", data: {} });
    const failed = await eventually(async () => {
      const [row] = await db.select().from(deliveries).where(eq(deliveries.eventId, event.id));
      return row?.status === "failed" ? row : undefined;
    }, "the delivery failed after its retries");
    expect({ attempts: failed.attemptCount, attention: failed.attention }).toEqual({ attempts: 3, attention: "failed" });

    engine.receiver.setResponder((_request, response) => response.end("ok"));
    await retryDelivery(workspaceId, failed.id, system);
    const retried = await eventually(async () => {
      const row = await attentionOf(failed.id);
      return row?.status === "succeeded" ? row : undefined;
    }, "the manual retry succeeded");
    expect(retried.attention).toBeNull();
  });
});

describe("the history's status filter", () => {
  it("lists exactly the deliveries in each status, for the workspace, an endpoint or a tenant, page by page both ways", async () => {
    const { workspaceId, tenant, own, theirs } = await workspaceWithTenant();
    // Statuses spread over hours days apart, a stale pending one among them, so each status's
    // oldest and newest hours differ by endpoint.
    const hoursAgo = [70, 30, 6, 2, 0];
    const seeded: Delivery[] = [];
    for (let i = 0; i < 36; i++) {
      const status = deliveryStatus.enumValues[i % 6]!;
      const createdAt = new Date(Date.now() - hoursAgo[(i * 7) % 5]! * HOUR_MS - i * 1000);
      seeded.push(await insertDelivery(workspaceId, i % 4 === 0 ? theirs : own, status, createdAt));
    }
    // Another workspace's deliveries, in every status and other hours, never show.
    const other = await workspaceWithTenant();
    for (const [i, status] of deliveryStatus.enumValues.entries())
      await insertDelivery(other.workspaceId, other.own, status, new Date(Date.now() - (i + 10) * HOUR_MS));

    const scopes: [Partial<DeliveryFilters>, (delivery: Delivery) => boolean][] = [
      [{}, () => true],
      [{ endpointId: own.id }, (delivery) => delivery.endpointId === own.id],
      [{ endpointId: theirs.id }, (delivery) => delivery.endpointId === theirs.id],
      [{ tenant: tenant.key }, (delivery) => delivery.tenantId === tenant.id],
    ];
    for (const status of deliveryStatus.enumValues) {
      for (const [scope, inScope] of scopes) {
        for (const order of ["newest", "oldest"] as const) {
          const expected = seeded
            .filter((delivery) => delivery.status === status && inScope(delivery))
            .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
            .map((delivery) => delivery.id);
          if (order === "newest") expected.reverse();
          const filters = { ...scope, status, order, limit: 2 };
          const cursors: (string | undefined)[] = [undefined];
          const listed: string[] = [];
          for (;;) {
            const page = await listDeliveries(workspaceId, { ...filters, cursor: cursors.at(-1) });
            listed.push(...page.data.map((delivery) => delivery.id));
            if (!page.nextCursor) break;
            cursors.push(page.nextCursor);
          }
          expect(listed, `${status} ${JSON.stringify(scope)} ${order}`).toEqual(expected);
          for (let page = 1; page < cursors.length; page++) {
            expect(await previousDeliveriesCursor(workspaceId, { ...filters, cursor: cursors[page]! })).toBe(cursors[page - 1] ?? null);
          }
        }
      }
    }
  });

  it("finds a delivery that moved out of a status no longer, and one that moved in", async () => {
    const { workspaceId, own } = await workspaceWithTenant();
    const old = await insertDelivery(workspaceId, own, "pending", new Date(Date.now() - 48 * HOUR_MS));
    const ids = async (status: Status) => (await listDeliveries(workspaceId, { status, limit: 10 })).data.map((delivery) => delivery.id);
    expect(await ids("pending")).toEqual([old.id]);
    await setStatus(old.id, "succeeded");
    expect({ pending: await ids("pending"), succeeded: await ids("succeeded") }).toEqual({ pending: [], succeeded: [old.id] });
    await setStatus(old.id, "retrying");
    expect({ succeeded: await ids("succeeded"), retrying: await ids("retrying") }).toEqual({ succeeded: [], retrying: [old.id] });
  });

  it("does not show the attention column in a listed delivery", async () => {
    const { workspaceId, own } = await workspaceWithTenant();
    await insertDelivery(workspaceId, own, "failed");
    const [listed] = (await listDeliveries(workspaceId, { status: "failed", limit: 1 })).data;
    expect(listed).not.toHaveProperty("attention");
  });
});

describe("retrying now", () => {
  it("counts the retrying deliveries of every hour, for the workspace, an endpoint or a tenant", async () => {
    const { workspaceId, tenant, own, theirs } = await workspaceWithTenant();
    await insertDelivery(workspaceId, own, "retrying", new Date(Date.now() - 40 * 86_400_000));
    await insertDelivery(workspaceId, own, "retrying");
    await insertDelivery(workspaceId, theirs, "retrying", new Date(Date.now() - 5 * HOUR_MS));
    const moved = await insertDelivery(workspaceId, theirs, "retrying");
    await insertDelivery(workspaceId, own, "failed");
    await setStatus(moved.id, "delivering");
    const other = await workspaceWithTenant();
    await insertDelivery(other.workspaceId, other.own, "retrying");

    const retryingNow = async (query: { endpointId?: string; tenant?: string }) => (await deliveryStats(workspaceId, query)).retryingNow;
    expect({
      workspace: await retryingNow({}),
      own: await retryingNow({ endpointId: own.id }),
      theirs: await retryingNow({ endpointId: theirs.id }),
      tenant: await retryingNow({ tenant: tenant.key }),
    }).toEqual({ workspace: 3, own: 2, theirs: 1, tenant: 1 });
    // The count is exact whichever session's shard each change landed in.
    await db.execute(sql`update deliveries set status = 'failed' where workspace_id = ${workspaceId} and status = 'retrying'`);
    expect(await retryingNow({})).toBe(0);
  });
});
