// The first REST routes of the delivery path, through their real handlers.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as getEndpoint } from "@/app/api/v1/endpoints/[id]/route";
import { POST as testEndpoint } from "@/app/api/v1/endpoints/[id]/test/route";
import { POST as createEndpoint, GET as listEndpoints } from "@/app/api/v1/endpoints/route";
import { POST as publish } from "@/app/api/v1/events/route";
import { db } from "@/db";
import { engineRuns } from "@/db/engine-schema";
import { deliveries, events, workspaces } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { createEventType } from "@/lib/event-types/event-types";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { engineAndReceiverForFile } from "@/test/tern-engine";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
const engine = engineAndReceiverForFile((_request, response) => response.writeHead(200, { "content-type": "text/plain" }).end("received"));

async function keyFor() {
  const { workspace } = await createOwnedWorkspace();
  const { key } = await createApiKey(workspace.id, { name: "routes", scopes: [] }, { type: "system", id: null });
  return { workspaceId: workspace.id, key };
}

function request(key: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return new Request(`http://localhost/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
}
const params = (id?: string) => ({ params: Promise.resolve<Record<string, string>>(id ? { id } : {}) });

describe("endpoints routes", () => {
  it("create returns the secret once; reads never show it; other workspaces get 404", async () => {
    const a = await keyFor();
    const b = await keyFor();
    const created = await createEndpoint(request(a.key, "/endpoints", { body: { url: engine.receiver.url("/r"), eventTypes: ["invoice.*"] } }), params());
    expect(created.status).toBe(201);
    const endpoint = await created.json();
    expect(endpoint).toMatchObject({ url: engine.receiver.url("/r"), eventTypes: ["invoice.*"], enabled: true, timeoutMs: 15000, headers: {} });
    expect(endpoint.secret).toMatch(/^whsec_/);

    const read = await (await getEndpoint(request(a.key, `/endpoints/${endpoint.id}`), params(endpoint.id))).json();
    expect(read.id).toBe(endpoint.id);
    expect(read).not.toHaveProperty("secret");
    expect(JSON.stringify(read)).not.toContain("whsec_");
    const list = await (await listEndpoints(request(a.key, "/endpoints"), params())).json();
    expect(list.data.map((e: { id: string }) => e.id)).toEqual([endpoint.id]);

    expect((await getEndpoint(request(b.key, `/endpoints/${endpoint.id}`), params(endpoint.id))).status).toBe(404);
    expect((await testEndpoint(request(b.key, `/endpoints/${endpoint.id}/test`, { body: {} }), params(endpoint.id))).status).toBe(404);
  });

  it("refuses bad endpoint input field by field", async () => {
    const a = await keyFor();
    const response = await createEndpoint(
      request(a.key, "/endpoints", { body: { url: "ftp://x", eventTypes: [], headers: { "webhook-id": "x" }, timeoutMs: 60_000, extra: 1 } }),
      params(),
    );
    expect(response.status).toBe(422);
    const fields = (await response.json()).errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(["(root)", "eventTypes", "headers.webhook-id", "timeoutMs", "url"]);
  });

  it("sends a test event and answers with the receiver's response", async () => {
    const a = await keyFor();
    const endpoint = await (
      await createEndpoint(request(a.key, "/endpoints", { body: { url: engine.receiver.url("/t"), eventTypes: ["*"] } }), params())
    ).json();
    const response = await testEndpoint(request(a.key, `/endpoints/${endpoint.id}/test`, { method: "POST" }), params(endpoint.id));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ succeeded: true, status: 200, responseBody: "received", eventType: "tern.test" });
  });
});

describe("POST /api/v1/events", () => {
  it("accepts an event with 202 and honours Idempotency-Key", async () => {
    const a = await keyFor();
    const body = { type: "invoice.paid", data: { amount: 1 } };
    const first = await publish(request(a.key, "/events", { body, headers: { "idempotency-key": "k-1" } }), params());
    expect(first.status).toBe(202);
    const accepted = await first.json();
    expect(accepted).toEqual({ id: expect.stringMatching(/^evt_/), type: "invoice.paid", tenantId: null, createdAt: expect.any(String) });
    const again = await (await publish(request(a.key, "/events", { body: { ...body, idempotencyKey: "k-1" } }), params())).json();
    expect(again.id).toBe(accepted.id);
    expect(await db.select().from(events).where(eq(events.workspaceId, a.workspaceId))).toHaveLength(1);
  });

  it("answers 413 for data over 256 KiB and 422 for unknown fields", async () => {
    const a = await keyFor();
    const big = await publish(request(a.key, "/events", { body: { type: "big", data: { blob: "x".repeat(256 * 1024) } } }), params());
    expect(big.status).toBe(413);
    const unknown = await publish(request(a.key, "/events", { body: { type: "t", data: {}, colour: "red" } }), params());
    expect(unknown.status).toBe(422);
    const mismatch = await publish(
      request(a.key, "/events", { body: { type: "t", data: {}, idempotencyKey: "a" }, headers: { "idempotency-key": "b" } }),
      params(),
    );
    expect(mismatch.status).toBe(422);
  });

  it("in strict mode accepts catalog types only; a refused event writes nothing", async () => {
    const a = await keyFor();
    await db.update(workspaces).set({ strictEventTypes: true }).where(eq(workspaces.id, a.workspaceId));
    await createEventType(a.workspaceId, { name: "order.created", description: "" }, { type: "system", id: null });
    const endpoint = await (
      await createEndpoint(request(a.key, "/endpoints", { body: { url: engine.receiver.url("/strict"), eventTypes: ["*"] } }), params())
    ).json();
    const written = async () => {
      const [row] = await db.execute<{ events: number; deliveries: number; runs: number }>(sql`
        select (select count(*)::int from ${events} where workspace_id = ${a.workspaceId}) as events,
          (select count(*)::int from ${deliveries} where workspace_id = ${a.workspaceId}) as deliveries,
          (select count(*)::int from ${engineRuns} where event->'data'->>'endpointId' = ${endpoint.id}) as runs`);
      return row;
    };

    const refused = await publish(request(a.key, "/events", { body: { type: "order.shipped", data: {} } }), params());
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ detail: expect.stringContaining("catalog"), errors: [{ field: "type" }] });
    expect(await written()).toEqual({ events: 0, deliveries: 0, runs: 0 });

    const accepted = await publish(request(a.key, "/events", { body: { type: "order.created", data: {} } }), params());
    expect(accepted.status).toBe(202);
    const { id } = await accepted.json();
    await eventually(() => engine.receiver.received.find((r) => r.path === "/strict" && r.headers["webhook-id"] === id), "the accepted event's delivery");
    expect(engine.receiver.received.filter((r) => r.path === "/strict")).toHaveLength(1);
  });
});
