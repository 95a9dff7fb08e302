// The delivery history's filters against real rows: event type patterns, the last status's class,
// "failing now", paging both ways, each within one workspace and, when asked, one tenant.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { attempts, type Delivery, deliveries, events } from "@/db/schema";
import { attemptSummaries, type DeliveryFilters, listDeliveries, previousDeliveriesCursor } from "@/lib/deliveries/queries";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { newId } from "@/lib/ids";
import { createTenant } from "@/lib/tenants/tenants";
import { createOwnedWorkspace } from "@/test/fixtures";

const system = { type: "system", id: null } as const;

type Seed = { type: string; status?: Delivery["status"]; code?: number | null; attempts?: number; tenant?: boolean };

/** A workspace with its own endpoint and a tenant's, and one delivery per seed, a second apart, the first oldest. */
async function history(seeds: Seed[]) {
  const { workspace } = await createOwnedWorkspace();
  const tenant = await createTenant(workspace.id, { key: "cus_acme", metadata: {} }, system);
  const own = await createEndpoint(workspace.id, createEndpointInput.parse({ url: "https://example.com/own", eventTypes: ["*"] }), system);
  const theirs = await createEndpoint(
    workspace.id,
    createEndpointInput.parse({ url: "https://example.com/acme", eventTypes: ["*"], tenant: tenant.id }),
    system,
  );
  const start = Date.now() - 3_600_000;
  const ids: string[] = [];
  for (const [i, seed] of seeds.entries()) {
    const createdAt = new Date(start + i * 1000);
    const tenantId = seed.tenant ? tenant.id : null;
    const [event] = await db
      .insert(events)
      .values({ id: newId("evt"), workspaceId: workspace.id, tenantId, type: seed.type, data: {}, createdAt })
      .returning();
    const attemptCount = seed.attempts ?? (seed.code === undefined ? 0 : 1);
    const [delivery] = await db
      .insert(deliveries)
      .values({
        id: newId("dlv"),
        workspaceId: workspace.id,
        eventId: event!.id,
        endpointId: seed.tenant ? theirs.id : own.id,
        tenantId,
        eventType: seed.type,
        status: seed.status ?? "succeeded",
        attemptCount,
        lastStatusCode: seed.code ?? null,
        lastError: seed.code === null ? "connect ECONNREFUSED" : null,
        createdAt,
      })
      .returning();
    ids.push(delivery!.id);
  }
  return { workspaceId: workspace.id, tenant, ids };
}

const typesOf = async (workspaceId: string, filters: Partial<DeliveryFilters>) =>
  (await listDeliveries(workspaceId, { limit: 100, ...filters })).data.map((delivery) => delivery.eventType);

describe("listDeliveries filters", () => {
  it("matches event types by name, by prefix.* (a literal prefix, dot included) and by *", async () => {
    const { workspaceId } = await history([
      { type: "invoice" },
      { type: "invoice.paid" },
      { type: "invoice.line.added" },
      { type: "invoices.paid" },
      { type: "in_voice.paid" },
      { type: "inXvoice.paid" },
    ]);
    // Another workspace's invoices never show.
    await history([{ type: "invoice.paid" }]);
    expect(await typesOf(workspaceId, { eventType: "invoice.*" })).toEqual(["invoice.line.added", "invoice.paid"]);
    expect(await typesOf(workspaceId, { eventType: "invoice" })).toEqual(["invoice"]);
    expect(await typesOf(workspaceId, { eventType: "in_voice.*" })).toEqual(["in_voice.paid"]);
    expect(await typesOf(workspaceId, { eventType: "*" })).toHaveLength(6);
  });

  it("narrows to the class of the last status, to no response (attempted only), and to failing now", async () => {
    const { workspaceId } = await history([
      { type: "ok", code: 200 },
      { type: "created", code: 201 },
      { type: "moved", code: 301, status: "retrying" },
      { type: "gone", code: 410, status: "failed" },
      { type: "broken", code: 503, status: "retrying" },
      { type: "refused", code: null, status: "retrying" },
      { type: "waiting", status: "pending" },
    ]);
    expect(await typesOf(workspaceId, { statusClass: "2xx" })).toEqual(["created", "ok"]);
    expect(await typesOf(workspaceId, { statusClass: "3xx" })).toEqual(["moved"]);
    expect(await typesOf(workspaceId, { statusClass: "4xx" })).toEqual(["gone"]);
    expect(await typesOf(workspaceId, { statusClass: "5xx" })).toEqual(["broken"]);
    expect(await typesOf(workspaceId, { statusClass: "none" })).toEqual(["refused"]);
    expect(await typesOf(workspaceId, { status: "retrying" })).toEqual(["refused", "broken", "moved"]);
    expect(await typesOf(workspaceId, { status: "retrying", statusClass: "5xx" })).toEqual(["broken"]);
  });

  it("keeps every filter within the tenant asked for", async () => {
    const { workspaceId, tenant } = await history([
      { type: "invoice.paid", code: 500, status: "retrying" },
      { type: "invoice.paid", code: 500, status: "retrying", tenant: true },
      { type: "invoice.voided", code: 200, tenant: true },
    ]);
    const ofTenant = (filters: Partial<DeliveryFilters>) => listDeliveries(workspaceId, { limit: 100, tenant: tenant.key, ...filters });
    expect((await ofTenant({ eventType: "invoice.*", statusClass: "5xx" })).data.map((d) => d.tenantId)).toEqual([tenant.id]);
    expect((await ofTenant({ status: "retrying" })).data).toHaveLength(1);
    expect((await ofTenant({ eventType: "invoice.*" })).data).toHaveLength(2);
  });
});

describe("previousDeliveriesCursor", () => {
  it("leads from every page back to the one before it, with the filters kept, newest or oldest first", async () => {
    const seeds: Seed[] = Array.from({ length: 11 }, (_, i) => ({ type: i % 3 === 0 ? "other.thing" : `invoice.n${i}` }));
    const { workspaceId } = await history(seeds);
    const oldestFirst = ["invoice.n1", "invoice.n2", "invoice.n4", "invoice.n5", "invoice.n7", "invoice.n8", "invoice.n10"];
    for (const order of ["newest", "oldest"] as const) {
      const filters = { eventType: "invoice.*", order, limit: 3 };
      const cursors: (string | undefined)[] = [undefined];
      const pages: string[][] = [];
      for (;;) {
        const page = await listDeliveries(workspaceId, { ...filters, cursor: cursors.at(-1) });
        pages.push(page.data.map((delivery) => delivery.eventType));
        if (!page.nextCursor) break;
        cursors.push(page.nextCursor);
      }
      expect(pages.flat()).toEqual(order === "oldest" ? oldestFirst : oldestFirst.toReversed());
      for (let page = 1; page < cursors.length; page++) {
        expect(await previousDeliveriesCursor(workspaceId, { ...filters, cursor: cursors[page]! })).toBe(cursors[page - 1] ?? null);
      }
    }
  });
});

describe("attemptSummaries", () => {
  it("gives each delivery its latest attempt's duration and whether a test send made it, in its workspace only", async () => {
    const { workspaceId, ids } = await history([{ type: "a", code: 500, attempts: 2 }, { type: "b" }]);
    const [retried, untried] = ids as [string, string];
    const [delivery] = await db.select().from(deliveries).where(eq(deliveries.id, retried));
    const attempt = (number: number, durationMs: number, trigger: "test" | "manual", secondsAgo: number) => ({
      id: newId("att"),
      workspaceId,
      deliveryId: retried,
      endpointId: delivery!.endpointId,
      eventId: delivery!.eventId,
      number,
      trigger,
      requestHeaders: {},
      responseStatus: 500,
      durationMs,
      createdAt: new Date(Date.now() - secondsAgo * 1000),
    });
    await db.insert(attempts).values([attempt(1, 40, "test", 60), attempt(2, 1200, "manual", 5)]);
    const summaries = await attemptSummaries(workspaceId, [retried, untried]);
    expect(Object.fromEntries(summaries)).toEqual({ [retried]: { lastDurationMs: 1200, test: true } });
    const other = await history([{ type: "c" }]);
    expect((await attemptSummaries(other.workspaceId, [retried])).size).toBe(0);
  });
});
