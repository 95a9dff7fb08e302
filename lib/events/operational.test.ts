// Tern's operational events end to end: real Postgres, the embedded executor and a loopback
// receiver. They reach only the workspace's own endpoints that name them, open and resolve the
// endpoint's alert, and the catalog and the API keep tern.* types Tern's own.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createEventTypeRoute, GET as listEventTypesRoute } from "@/app/api/v1/event-types/route";
import { POST as publishRoute } from "@/app/api/v1/events/route";
import { db } from "@/db";
import { alerts, events } from "@/db/schema";
import { acknowledgeAlert, listAlerts, resolveAlert } from "@/lib/alerts/lifecycle";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { createEndpoint, deleteEndpoint, updateEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import type { Executor } from "@/lib/engine/executor";
import { createDeliveries } from "@/lib/events/fan-out";
import { publishEvent } from "@/lib/events/publish";
import { newId } from "@/lib/ids";
import { createPortalSessionInput } from "@/lib/portal/schemas";
import { createPortalSession } from "@/lib/portal/sessions";
import { createTenant } from "@/lib/tenants/tenants";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { type ReceivedRequest, startReceiver } from "@/test/receiver";
import { startTernExecutor } from "@/test/tern-engine";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
// Attempts 2 and 3 come fast, so the run of failures reaches 3 at once; then a second passes before the fourth.
process.env.TERN_RETRY_SCHEDULE = "0.05,0.05,1,1";
process.env.TERN_FAILING_AFTER_ATTEMPTS = "3";

const system = { type: "system", id: null } as const;
let executor: Executor;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
/** Paths answering 500 until removed. */
const down = new Set<string>();

beforeAll(async () => {
  executor = await startTernExecutor();
  receiver = await startReceiver((request, response) => response.writeHead(down.has(request.path) ? 500 : 200).end());
});
afterAll(async () => {
  await executor.stop();
  await receiver.close();
});

let paths = 0;
async function endpoint(workspaceId: string, eventTypes: string[], tenant?: string) {
  const path = `/op/${++paths}`;
  const created = await createEndpoint(workspaceId, createEndpointInput.parse({ url: receiver.url(path), eventTypes, tenant }), system);
  return { ...created, path };
}

type Webhook = { type: string; data: Record<string, unknown> };
const webhooksTo = (path: string): Webhook[] =>
  receiver.received.filter((request: ReceivedRequest) => request.path === path && request.body).map((request) => JSON.parse(request.body) as Webhook);
const ternTypesTo = (path: string) => webhooksTo(path).filter((webhook) => webhook.type.startsWith("tern."));

const alertsOf = (endpointId: string) => db.select().from(alerts).where(eq(alerts.endpointId, endpointId));

describe("operational events", () => {
  it("announce a failing endpoint and its recovery to the workspace's own endpoint naming tern.*, never to * or a tenant's, and open then resolve its alert", async () => {
    const { workspace } = await createOwnedWorkspace();
    await createTenant(workspace.id, { key: "cus_ops", metadata: {} }, system);
    const ops = await endpoint(workspace.id, ["tern.*"]);
    const everything = await endpoint(workspace.id, ["*"]);
    const tenantEverything = await endpoint(workspace.id, ["*"], "cus_ops");
    const tenantTern = await endpoint(workspace.id, ["tern.*", "tern.delivery.failing"], "cus_ops");
    const failing = await endpoint(workspace.id, ["job.done"]);
    down.add(failing.path);

    await publishEvent(workspace.id, { type: "job.done", data: {} });
    const announced = await eventually(
      () => ternTypesTo(ops.path).find((webhook) => webhook.type === "tern.delivery.failing"),
      "tern.delivery.failing at the operator's endpoint",
    );
    down.delete(failing.path);
    expect(announced.data).toMatchObject({ endpointId: failing.id, tenantId: null, url: failing.url, failedAttempts: 3, lastStatusCode: 500 });
    const [opened] = await alertsOf(failing.id);
    expect(opened).toMatchObject({ condition: "endpoint_failing", status: "open", workspaceId: workspace.id });

    const recovered = await eventually(
      () => ternTypesTo(ops.path).find((webhook) => webhook.type === "tern.delivery.recovered"),
      "tern.delivery.recovered at the operator's endpoint",
    );
    expect(recovered.data).toMatchObject({ endpointId: failing.id, failedAttempts: 3 });
    await eventually(async () => (await alertsOf(failing.id)).every((alert) => alert.status === "resolved"), "the failing alert to resolve");
    expect(await alertsOf(failing.id)).toHaveLength(1);

    // The operator endpoint heard of every endpoint created, itself included; * and tenants' endpoints of nothing of Tern's.
    expect(
      ternTypesTo(ops.path)
        .filter((webhook) => webhook.type === "tern.endpoint.created")
        .map((webhook) => webhook.data.endpointId)
        .sort(),
    ).toEqual([ops.id, everything.id, tenantEverything.id, tenantTern.id, failing.id].sort());
    expect(ternTypesTo(ops.path).filter((webhook) => webhook.type === "tern.delivery.failing")).toHaveLength(1);
    await eventually(() => executor.idle(), "the engine to settle");
    expect(webhooksTo(everything.path).map((webhook) => webhook.type)).toEqual(["job.done"]);
    expect(ternTypesTo(tenantEverything.path)).toEqual([]);
    expect(ternTypesTo(tenantTern.path)).toEqual([]);
    // The tenant's endpoint payload named the tenant by id only.
    const createdForTenant = ternTypesTo(ops.path).find((webhook) => webhook.data.endpointId === tenantTern.id)!;
    expect(Object.keys(createdForTenant.data).sort()).toEqual(["createdAt", "endpointId", "eventTypes", "tenantId", "url"]);
  });

  it("announces one failing run once, however many batches record failures at once, and each exhausted delivery", async () => {
    const { workspace, owner } = await createOwnedWorkspace();
    const ops = await endpoint(workspace.id, ["tern.delivery.*"]);
    const failing = await endpoint(workspace.id, ["job.done"]);
    down.add(failing.path);
    await Promise.all(Array.from({ length: 12 }, () => publishEvent(workspace.id, { type: "job.done", data: {} })));
    await eventually(
      () => ternTypesTo(ops.path).filter((webhook) => webhook.type === "tern.delivery.exhausted").length === 12,
      "12 exhausted deliveries announced",
    );
    await eventually(() => executor.idle(), "the engine to settle");
    const stored = await db
      .select({ type: events.type })
      .from(events)
      .where(and(eq(events.workspaceId, workspace.id), eq(events.type, "tern.delivery.failing")));
    expect(stored).toHaveLength(1);
    expect(ternTypesTo(ops.path).filter((webhook) => webhook.type === "tern.delivery.failing")).toHaveLength(1);
    expect(ternTypesTo(ops.path).find((webhook) => webhook.type === "tern.delivery.exhausted")!.data).toMatchObject({
      endpointId: failing.id,
      eventType: "job.done",
      attempts: 5,
      lastStatusCode: 500,
    });

    const open = await alertsOf(failing.id);
    expect(open.map((alert) => alert.condition).sort()).toEqual(["deliveries_exhausted", "endpoint_failing"]);
    const exhausted = open.find((alert) => alert.condition === "deliveries_exhausted")!;
    expect(exhausted.details).toMatchObject({ count: 12 });

    // Acknowledging an exhausted-deliveries alert resolves it; a failing one stays until resolved.
    const actor = { type: "user", id: owner.id } as const;
    await expect(acknowledgeAlert(workspace.id, exhausted.id, actor)).resolves.toMatchObject({ status: "resolved" });
    const failingAlert = open.find((alert) => alert.condition === "endpoint_failing")!;
    await expect(acknowledgeAlert(workspace.id, failingAlert.id, actor)).resolves.toMatchObject({ status: "acknowledged" });
    expect((await listAlerts(workspace.id, { limit: 10, status: "acknowledged" })).data.map((alert) => alert.id)).toEqual([failingAlert.id]);
    await expect(resolveAlert(workspace.id, failingAlert.id, actor)).resolves.toMatchObject({ status: "resolved" });
    const other = await createOwnedWorkspace();
    await expect(resolveAlert(other.workspace.id, failingAlert.id, actor)).rejects.toMatchObject({ code: "not_found" });
    down.delete(failing.path);
  }, 30_000);

  it("announces endpoint changes after they commit, and opens then resolves the alert of an endpoint delivery disabled", async () => {
    const { workspace } = await createOwnedWorkspace();
    const ops = await endpoint(workspace.id, ["tern.endpoint.*"]);
    const gone = await endpoint(workspace.id, ["job.done"]);
    receiver.setResponder((request, response) => response.writeHead(request.path === gone.path ? 410 : down.has(request.path) ? 500 : 200).end());
    try {
      await publishEvent(workspace.id, { type: "job.done", data: {} });
      const disabled = await eventually(() => ternTypesTo(ops.path).find((webhook) => webhook.type === "tern.endpoint.disabled"), "tern.endpoint.disabled");
      expect(disabled.data).toMatchObject({ endpointId: gone.id, disabledBy: "delivery", reason: "The endpoint answered 410 Gone." });
      expect(await alertsOf(gone.id)).toMatchObject([{ condition: "endpoint_disabled", status: "open" }]);

      await updateEndpoint(workspace.id, gone.id, { enabled: true, description: "back" }, system);
      await eventually(() => ternTypesTo(ops.path).some((webhook) => webhook.type === "tern.endpoint.enabled"), "tern.endpoint.enabled");
      expect(await alertsOf(gone.id)).toMatchObject([{ condition: "endpoint_disabled", status: "resolved" }]);
      await updateEndpoint(workspace.id, gone.id, { enabled: false }, system);
      await deleteEndpoint(workspace.id, gone.id, system);
      await eventually(() => ternTypesTo(ops.path).some((webhook) => webhook.type === "tern.endpoint.deleted"), "tern.endpoint.deleted");
      // Each announcement is an event of its own, delivered on its own: they may arrive in any order.
      const announced = ternTypesTo(ops.path);
      expect(announced.map((webhook) => webhook.type).sort()).toEqual([
        "tern.endpoint.created",
        "tern.endpoint.created",
        "tern.endpoint.deleted",
        "tern.endpoint.disabled",
        "tern.endpoint.disabled",
        "tern.endpoint.enabled",
        "tern.endpoint.updated",
      ]);
      expect(announced.find((webhook) => webhook.type === "tern.endpoint.updated")!.data).toMatchObject({ fields: ["description"] });
      expect(announced.filter((webhook) => webhook.type === "tern.endpoint.disabled").map((webhook) => webhook.data.disabledBy)).toContain("operator");
      expect(await db.$count(alerts, eq(alerts.workspaceId, workspace.id))).toBe(0);
    } finally {
      receiver.setResponder((request, response) => response.writeHead(down.has(request.path) ? 500 : 200).end());
    }
  });

  it("route alike through the fan-out function (wide fan-outs, an Inngest server): only the workspace's own endpoints naming them", async () => {
    const { workspace } = await createOwnedWorkspace();
    await createTenant(workspace.id, { key: "cus_wide", metadata: {} }, system);
    const named = await endpoint(workspace.id, ["tern.delivery.*"]);
    await endpoint(workspace.id, ["*"]);
    await endpoint(workspace.id, ["*", "tern.*"], "cus_wide");
    const [event] = await db
      .insert(events)
      .values({ id: newId("evt"), workspaceId: workspace.id, type: "tern.delivery.failing", data: {} })
      .returning();
    expect((await createDeliveries(event!.id)).map((target) => target.endpointId)).toEqual([named.id]);
  });

  it("keeps tern.* types Tern's own: listed with schemas, refused to publish (422) or add", async () => {
    const { workspace } = await createOwnedWorkspace();
    const { key } = await createApiKey(workspace.id, { name: "ops", scopes: [] }, system);
    const call = (method: string, path: string, body?: unknown) =>
      new Request(`http://localhost/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const noParams = { params: Promise.resolve({}) };

    const published = await publishRoute(call("POST", "/events", { type: "tern.delivery.failing", data: { endpointId: "ep_forged" } }), noParams);
    expect(published.status).toBe(422);
    expect(await published.json()).toMatchObject({ errors: [{ field: "type", message: expect.stringContaining("tern.* types are Tern's own") }] });
    expect(await db.$count(events, eq(events.workspaceId, workspace.id))).toBe(0);

    const added = await createEventTypeRoute(call("POST", "/event-types", { name: "tern.custom" }), noParams);
    expect(added.status).toBe(422);

    const own = await createEventTypeRoute(call("POST", "/event-types", { name: "invoice.paid" }), noParams);
    expect(own.status).toBe(201);
    const first = await (await listEventTypesRoute(call("GET", "/event-types?limit=3"), noParams)).json();
    expect(first.data.map((type: { name: string; builtIn: boolean }) => [type.name, type.builtIn])).toEqual([
      ["invoice.paid", false],
      ["tern.endpoint.created", true],
      ["tern.endpoint.updated", true],
    ]);
    const rest = await (await listEventTypesRoute(call("GET", `/event-types?limit=100&cursor=${first.nextCursor}`), noParams)).json();
    expect(rest.data.map((type: { name: string }) => type.name)).toEqual([
      "tern.endpoint.deleted",
      "tern.endpoint.disabled",
      "tern.endpoint.enabled",
      "tern.delivery.failing",
      "tern.delivery.recovered",
      "tern.delivery.exhausted",
    ]);
    expect(rest.nextCursor).toBeNull();
    expect(rest.data.every((type: { schema: unknown; example: unknown }) => type.schema && type.example)).toBe(true);

    // A tenant's endpoints never receive them: the portal's catalog does not offer them.
    await createTenant(workspace.id, { key: "cus_catalog", metadata: {} }, system);
    const portal = await createPortalSession(
      workspace.id,
      "cus_catalog",
      createPortalSessionInput.parse({ readOnly: true }),
      system,
      "https://tern.example.com",
    );
    const inPortal = await listEventTypesRoute(
      new Request("http://localhost/api/v1/event-types", { headers: { authorization: `Bearer ${portal.token}` } }),
      noParams,
    );
    expect((await inPortal.json()).data.map((type: { name: string }) => type.name)).toEqual(["invoice.paid"]);
  });
});
