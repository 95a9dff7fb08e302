// Tenant boundaries through the REST routes, end to end (real Postgres, the embedded executor, a
// loopback receiver): a request naming one tenant never reads or changes another's endpoint, event
// or delivery, and every refusal is a clear problem that leaves nothing behind.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as retryDelivery } from "@/app/api/v1/deliveries/[id]/retry/route";
import { GET as getDelivery } from "@/app/api/v1/deliveries/[id]/route";
import { GET as listDeliveries } from "@/app/api/v1/deliveries/route";
import { POST as recoverEndpoint } from "@/app/api/v1/endpoints/[id]/recover/route";
import { DELETE as deleteEndpoint, GET as getEndpoint, PATCH as patchEndpoint } from "@/app/api/v1/endpoints/[id]/route";
import { POST as rotateSecret } from "@/app/api/v1/endpoints/[id]/secret/rotate/route";
import { GET as revealSecret } from "@/app/api/v1/endpoints/[id]/secret/route";
import { POST as testEndpoint } from "@/app/api/v1/endpoints/[id]/test/route";
import { POST as createEndpoint, GET as listEndpoints } from "@/app/api/v1/endpoints/route";
import { POST as replayEvent } from "@/app/api/v1/events/[id]/replay/route";
import { GET as getEvent } from "@/app/api/v1/events/[id]/route";
import { GET as listEvents, POST as publish } from "@/app/api/v1/events/route";
import { GET as stats } from "@/app/api/v1/stats/route";
import { GET as getTenant, PUT as putTenant } from "@/app/api/v1/tenants/[tenant]/route";
import { db } from "@/db";
import { attempts, auditLog, deliveries, endpoints, events, tenants } from "@/db/schema";
import type { ApiRouteHandler } from "@/lib/api/api-route";
import { createApiKey } from "@/lib/api-keys/api-keys";
import type { Executor } from "@/lib/engine/executor";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { startReceiver } from "@/test/receiver";
import { startTernExecutor } from "@/test/tern-engine";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
const system = { type: "system", id: null } as const;

let executor: Executor;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

function call(key: string, path: string, init: { method?: string; body?: unknown } = {}) {
  return new Request(`http://localhost/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
const with_ = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

async function json(response: Response | Promise<Response>, status: number) {
  const answered = await response;
  const body = await answered.json();
  expect(answered.status, JSON.stringify(body)).toBe(status);
  return body;
}

async function workspaceWithKey() {
  const { workspace } = await createOwnedWorkspace();
  const { key } = await createApiKey(workspace.id, { name: "cross-tenant", scopes: [] }, system);
  return { workspaceId: workspace.id, key };
}

/** What a request could have left behind in the workspace, once the engine has nothing left to do. */
async function footprint(workspaceId: string) {
  await eventually(() => executor.idle(), "the engine to be idle");
  const count = (table: typeof events | typeof deliveries | typeof attempts | typeof endpoints | typeof tenants | typeof auditLog) =>
    db.$count(table, eq(table.workspaceId, workspaceId));
  return {
    events: await count(events),
    deliveries: await count(deliveries),
    attempts: await count(attempts),
    endpoints: await count(endpoints),
    tenants: await count(tenants),
    audit: await count(auditLog),
    requests: receiver.received.length,
  };
}

type Setup = {
  workspaceId: string;
  key: string;
  tenantA: { id: string; key: string };
  tenantB: { id: string; key: string };
  endpointA: string;
  endpointB: string;
  ownEndpoint: string;
  eventA: string;
  deliveryA: string;
};
let ws: Setup;

async function publishFor(key: string, tenant: string) {
  const accepted = await json(publish(call(key, "/events", { body: { type: "invoice.paid", data: { tenant }, tenant } }), with_()), 202);
  const [delivery] = await eventually(async () => {
    const rows = await db.select().from(deliveries).where(eq(deliveries.eventId, accepted.id));
    return rows.length === 1 && rows[0]!.status === "succeeded" ? rows : undefined;
  }, `the delivery of ${accepted.id}`);
  return { eventId: accepted.id as string, deliveryId: delivery!.id };
}

beforeAll(async () => {
  executor = await startTernExecutor();
  receiver = await startReceiver();
  const { workspaceId, key } = await workspaceWithKey();
  const tenantA = await json(putTenant(call(key, "/tenants/cus_a", { method: "PUT", body: { name: "A" } }), with_({ tenant: "cus_a" })), 201);
  const tenantB = await json(putTenant(call(key, "/tenants/cus_b", { method: "PUT", body: { name: "B" } }), with_({ tenant: "cus_b" })), 201);
  const endpointFor = async (path: string, tenant?: string) =>
    (await json(createEndpoint(call(key, "/endpoints", { body: { url: receiver.url(path), eventTypes: ["*"], tenant } }), with_()), 201)).id as string;
  const endpointA = await endpointFor("/a", "cus_a");
  const endpointB = await endpointFor("/b", tenantB.id);
  const ownEndpoint = await endpointFor("/own");
  const { eventId, deliveryId } = await publishFor(key, "cus_a");
  ws = { workspaceId, key, tenantA, tenantB, endpointA, endpointB, ownEndpoint, eventA: eventId, deliveryA: deliveryId };
});
afterAll(async () => {
  await executor.stop();
  await receiver.close();
});

describe("lists narrowed to a tenant", () => {
  it("show only that tenant's endpoints, events and deliveries, each with its tenantId", async () => {
    const endpointsOfA = await json(listEndpoints(call(ws.key, "/endpoints?tenant=cus_a"), with_()), 200);
    expect(endpointsOfA.data.map((e: { id: string; tenantId: string }) => [e.id, e.tenantId])).toEqual([[ws.endpointA, ws.tenantA.id]]);
    const eventsOfA = await json(listEvents(call(ws.key, `/events?tenant=${ws.tenantA.id}`), with_()), 200);
    expect(eventsOfA.data.map((e: { id: string; tenantId: string }) => [e.id, e.tenantId])).toEqual([[ws.eventA, ws.tenantA.id]]);
    const deliveriesOfA = await json(listDeliveries(call(ws.key, "/deliveries?tenant=cus_a"), with_()), 200);
    expect(deliveriesOfA.data.map((d: { id: string; tenantId: string }) => [d.id, d.tenantId])).toEqual([[ws.deliveryA, ws.tenantA.id]]);
    expect((await json(listDeliveries(call(ws.key, "/deliveries?tenant=cus_b"), with_()), 200)).data).toEqual([]);
    expect((await json(stats(call(ws.key, "/stats?tenant=cus_a"), with_()), 200)).totals).toMatchObject({ succeeded: 1, total: 1 });
    expect((await json(stats(call(ws.key, "/stats?tenant=cus_b"), with_()), 200)).totals).toMatchObject({ total: 0 });

    expect(await json(getEndpoint(call(ws.key, `/endpoints/${ws.endpointA}`), with_({ id: ws.endpointA })), 200)).toMatchObject({ tenantId: ws.tenantA.id });
    expect(await json(getEndpoint(call(ws.key, `/endpoints/${ws.ownEndpoint}`), with_({ id: ws.ownEndpoint })), 200)).toMatchObject({ tenantId: null });
    expect(await json(getEvent(call(ws.key, `/events/${ws.eventA}`), with_({ id: ws.eventA })), 200)).toMatchObject({
      tenantId: ws.tenantA.id,
      deliveries: [{ id: ws.deliveryA, tenantId: ws.tenantA.id }],
    });
    expect(await json(getDelivery(call(ws.key, `/deliveries/${ws.deliveryA}`), with_({ id: ws.deliveryA })), 200)).toMatchObject({ tenantId: ws.tenantA.id });
  });
});

describe("requests that would cross a tenant boundary", () => {
  it("replaying A's event to B's endpoint is refused on endpointId, and sends nothing", async () => {
    const before = await footprint(ws.workspaceId);
    const problem = await json(replayEvent(call(ws.key, `/events/${ws.eventA}/replay`, { body: { endpointId: ws.endpointB } }), with_({ id: ws.eventA })), 422);
    expect(problem.errors).toEqual([{ field: "endpointId", message: expect.stringContaining(ws.endpointB) }]);
    const toOwn = await json(
      replayEvent(call(ws.key, `/events/${ws.eventA}/replay?tenant=cus_a`, { body: { endpointId: ws.ownEndpoint } }), with_({ id: ws.eventA })),
      422,
    );
    expect(toOwn.errors[0].field).toBe("endpointId");
    expect(await footprint(ws.workspaceId)).toEqual(before);
    expect(await db.$count(deliveries, eq(deliveries.endpointId, ws.endpointB))).toBe(0);
  });

  it("a tenant filter beside another tenant's endpoint is refused on endpointId, for deliveries and for stats", async () => {
    for (const [list, path] of [
      [listDeliveries, "/deliveries"],
      [stats, "/stats"],
    ] as const) {
      const problem = await json(list(call(ws.key, `${path}?tenant=cus_b&endpointId=${ws.endpointA}`), with_()), 422);
      expect(problem.errors, path).toEqual([{ field: "endpointId", message: expect.stringContaining('does not belong to the tenant "cus_b"') }]);
    }
  });

  it("a test send to B's endpoint in A's name is not found, and reaches no one", async () => {
    const before = await footprint(ws.workspaceId);
    const problem = await json(testEndpoint(call(ws.key, `/endpoints/${ws.endpointB}/test?tenant=cus_a`, { body: {} }), with_({ id: ws.endpointB })), 404);
    expect(problem).toMatchObject({ status: 404, detail: 'No such endpoint for the tenant "cus_a".' });
    expect(await footprint(ws.workspaceId)).toEqual(before);
    expect(receiver.received.filter((request) => request.path === "/b")).toHaveLength(0);
  });

  it("A's delivery read or retried in B's name is not found, and no retry is requested", async () => {
    const before = await footprint(ws.workspaceId);
    const read = await json(getDelivery(call(ws.key, `/deliveries/${ws.deliveryA}?tenant=cus_b`), with_({ id: ws.deliveryA })), 404);
    expect(read.detail).toBe('No such delivery for the tenant "cus_b".');
    const retried = await json(
      retryDelivery(call(ws.key, `/deliveries/${ws.deliveryA}/retry?tenant=${ws.tenantB.id}`, { body: {} }), with_({ id: ws.deliveryA })),
      404,
    );
    expect(retried.detail).toBe(`No such delivery for the tenant "${ws.tenantB.id}".`);
    expect(await footprint(ws.workspaceId)).toEqual(before);

    // In its own tenant's name the same retry goes through (a succeeded delivery is not sent again, but the retry is recorded).
    await json(retryDelivery(call(ws.key, `/deliveries/${ws.deliveryA}/retry?tenant=cus_a`, { body: {} }), with_({ id: ws.deliveryA })), 202);
    const retries = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, ws.deliveryA));
    expect(retries).toEqual([{ action: "delivery.retried" }]);
  });

  it("publishing for another workspace's tenant is refused on tenant, and stores nothing", async () => {
    const other = await workspaceWithKey();
    const foreign = await json(putTenant(call(other.key, "/tenants/cus_a", { method: "PUT", body: {} }), with_({ tenant: "cus_a" })), 201);
    const before = await footprint(ws.workspaceId);
    const problem = await json(publish(call(ws.key, "/events", { body: { type: "invoice.paid", data: {}, tenant: foreign.id } }), with_()), 422);
    expect(problem.errors).toEqual([{ field: "tenant", message: `No tenant with the id "${foreign.id}" in this workspace.` }]);
    expect(await footprint(ws.workspaceId)).toEqual(before);
    expect(await db.$count(events, eq(events.tenantId, foreign.id))).toBe(0);
  });

  it("every route about one endpoint, event or delivery answers 404 in another tenant's name, changing nothing", async () => {
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const ofA = { endpoint: ws.endpointA, event: ws.eventA, delivery: ws.deliveryA };
    const routes: [string, ApiRouteHandler, string, keyof typeof ofA, unknown][] = [
      ["GET", getEndpoint, "/endpoints/{id}", "endpoint", undefined],
      ["PATCH", patchEndpoint, "/endpoints/{id}", "endpoint", { enabled: false, url: receiver.url("/stolen") }],
      ["DELETE", deleteEndpoint, "/endpoints/{id}", "endpoint", undefined],
      ["GET", revealSecret, "/endpoints/{id}/secret", "endpoint", undefined],
      ["POST", rotateSecret, "/endpoints/{id}/secret/rotate", "endpoint", {}],
      ["POST", testEndpoint, "/endpoints/{id}/test", "endpoint", {}],
      ["POST", recoverEndpoint, "/endpoints/{id}/recover", "endpoint", { since }],
      ["GET", getEvent, "/events/{id}", "event", undefined],
      ["POST", replayEvent, "/events/{id}/replay", "event", {}],
      ["GET", getDelivery, "/deliveries/{id}", "delivery", undefined],
      ["POST", retryDelivery, "/deliveries/{id}/retry", "delivery", {}],
    ];
    const [endpointBefore] = await db.select().from(endpoints).where(eq(endpoints.id, ws.endpointA));
    const before = await footprint(ws.workspaceId);
    for (const [method, handler, path, resource, body] of routes) {
      const id = ofA[resource];
      // In B's name; in a tenant's name that does not exist; and the workspace's own endpoint in A's name.
      const cases: [string, string, number][] = [
        ["cus_b", id, 404],
        ["cus_nobody", id, 422],
      ];
      if (resource === "endpoint") cases.push(["cus_a", ws.ownEndpoint, 404]);
      for (const [tenant, resourceId, status] of cases) {
        const url = `${path.replace("{id}", resourceId)}?tenant=${tenant}`;
        const problem = await json(handler(call(ws.key, url, { method, body }), with_({ id: resourceId })), status);
        const expected = status === 404 ? `No such ${resource} for the tenant "${tenant}".` : `No tenant with the id or key "${tenant}" in this workspace.`;
        expect(problem.detail, `${method} ${url}`).toBe(expected);
      }
    }
    expect(await footprint(ws.workspaceId)).toEqual(before);
    expect(await db.select().from(endpoints).where(eq(endpoints.id, ws.endpointA))).toEqual([endpointBefore]);

    for (const [handler, path, id] of [
      [getEndpoint, "/endpoints/{id}", ofA.endpoint],
      [getEvent, "/events/{id}", ofA.event],
      [getDelivery, "/deliveries/{id}", ofA.delivery],
    ] as const) {
      await json(handler(call(ws.key, `${path.replace("{id}", id)}?tenant=cus_a`), with_({ id })), 200);
    }
  });
});

describe("publishing for a key seen for the first time", () => {
  it("creates the tenant, named after its key, found at once by GET /tenants/{key}", async () => {
    const accepted = await json(publish(call(ws.key, "/events", { body: { type: "user.created", data: {}, tenant: "cus_new@example" } }), with_()), 202);
    expect(accepted.tenantId).toMatch(/^tnt_/);
    const tenant = await json(getTenant(call(ws.key, "/tenants/cus_new@example"), with_({ tenant: "cus_new@example" })), 200);
    expect(tenant).toMatchObject({ id: accepted.tenantId, key: "cus_new@example", name: "cus_new@example", metadata: {}, disabled: false });
    const event = await json(getEvent(call(ws.key, `/events/${accepted.id}?tenant=cus_new@example`), with_({ id: accepted.id })), 200);
    expect(event).toMatchObject({ tenantId: tenant.id, deliveries: [] });
  });
});
