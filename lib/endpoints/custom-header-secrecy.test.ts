// Custom header values are credentials to the receiver: encrypted at rest, shown only to those who
// may change the endpoint, redacted in every recorded attempt, and still sent as they are.
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as getDeliveryRoute } from "@/app/api/v1/deliveries/[id]/route";
import { GET as getEndpointRoute } from "@/app/api/v1/endpoints/[id]/route";
import { POST as testEndpointRoute } from "@/app/api/v1/endpoints/[id]/test/route";
import { POST as createEndpointRoute, GET as listEndpointsRoute } from "@/app/api/v1/endpoints/route";
import { POST as publishRoute } from "@/app/api/v1/events/route";
import { db } from "@/db";
import { attempts, endpoints } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/api-keys";
import type { ApiKeyScope } from "@/lib/api-keys/scopes";
import { getEndpoint, headerValuesFor } from "@/lib/endpoints/endpoints";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { engineAndReceiverForFile } from "@/test/tern-engine";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
const engine = engineAndReceiverForFile();

const system = { type: "system", id: null } as const;
const params = (id?: string) => ({ params: Promise.resolve<Record<string, string>>(id ? { id } : {}) });

function call(key: string, path: string, body?: unknown) {
  return new Request(`http://localhost/api/v1${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A workspace with one endpoint whose two custom headers carry planted values, and keys of each kind. */
async function endpointWithPlantedHeaders() {
  const { workspace } = await createOwnedWorkspace();
  const keyWith = async (scopes: ApiKeyScope[]) => (await createApiKey(workspace.id, { name: scopes.join(" ") || "all", scopes }, system)).key;
  const [admin, reader, writer] = await Promise.all([keyWith([]), keyWith(["endpoints:read"]), keyWith(["endpoints:read", "endpoints:write"])]);
  // X-Tenant does not look like a credential by its name, yet its value is the receiver's secret too.
  const planted = { Authorization: `Bearer planted-${randomBytes(6).toString("hex")}`, "X-Tenant": `tenant-planted-${randomBytes(6).toString("hex")}` };
  const created = await createEndpointRoute(
    call(admin, "/endpoints", { url: engine.receiver.url(`/${workspace.id}`), eventTypes: ["*"], headers: planted }),
    params(),
  );
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  return { workspaceId: workspace.id, endpointId: id, planted, keys: { admin, reader, writer } };
}

const containsAny = (value: unknown, planted: Record<string, string>) => Object.values(planted).some((secret) => JSON.stringify(value).includes(secret));

describe("custom header values", () => {
  it("reach read-only API keys as names only; keys with endpoints:write see the values", async () => {
    const { endpointId, planted, keys } = await endpointWithPlantedHeaders();
    const readOne = async (key: string) => (await getEndpointRoute(call(key, `/endpoints/${endpointId}`), params(endpointId))).json();
    const readList = async (key: string) => (await listEndpointsRoute(call(key, "/endpoints"), params())).json();

    for (const read of [await readOne(keys.reader), await readList(keys.reader)]) {
      expect(containsAny(read, planted)).toBe(false);
      expect(JSON.stringify(read)).toContain("X-Tenant");
    }
    for (const key of [keys.writer, keys.admin]) {
      expect((await readOne(key)).headers).toEqual(planted);
      expect((await readList(key)).data[0].headers).toEqual(planted);
    }
  });

  it("reach console viewers as names only; admins and owners see the values", async () => {
    const { workspaceId, endpointId, planted } = await endpointWithPlantedHeaders();
    const asViewer = await getEndpoint(workspaceId, endpointId, headerValuesFor("viewer"));
    expect(containsAny(asViewer, planted)).toBe(false);
    expect(Object.keys(asViewer.headers).sort()).toEqual(Object.keys(planted).sort());
    for (const role of ["admin", "owner"] as const) expect((await getEndpoint(workspaceId, endpointId, headerValuesFor(role))).headers).toEqual(planted);
  });

  it("are not in the endpoint's row in clear", async () => {
    const { endpointId, planted } = await endpointWithPlantedHeaders();
    const [row] = await db.execute(sql`select to_jsonb(${endpoints}) as row from ${endpoints} where ${endpoints.id} = ${endpointId}`);
    expect(row).toBeDefined();
    expect(containsAny(row, planted)).toBe(false);
  });

  it("are sent to the receiver as they are but never recorded, for test sends and scheduled deliveries alike", async () => {
    const { endpointId, planted, keys } = await endpointWithPlantedHeaders();
    expect((await testEndpointRoute(call(keys.admin, `/endpoints/${endpointId}/test`, {}), params(endpointId))).status).toBe(200);
    expect((await publishRoute(call(keys.admin, "/events", { type: "invoice.paid", data: {} }), params())).status).toBe(202);

    const received = await eventually(() => {
      const requests = engine.receiver.received.filter((r) => r.headers["x-tenant"] === planted["X-Tenant"]);
      return requests.length === 2 ? requests : undefined;
    }, "the test send and the scheduled delivery");
    for (const request of received) expect(request.headers.authorization).toBe(planted.Authorization);

    const recorded = await eventually(async () => {
      const rows = await db.execute<{ headers: Record<string, string> }>(
        sql`select ${attempts.requestHeaders} as headers from ${attempts} where ${attempts.endpointId} = ${endpointId}`,
      );
      return rows.length === 2 ? rows : undefined;
    }, "both attempts recorded");
    for (const { headers } of recorded) {
      expect(containsAny(headers, planted)).toBe(false);
      expect(headers).toMatchObject({ Authorization: "[redacted]", "X-Tenant": "[redacted]", "content-type": "application/json" });
      expect(headers["webhook-signature"]).toMatch(/^v1,/);
    }
  });

  it("are redacted when an attempt recorded in clear by an earlier version is read", async () => {
    const { endpointId, planted, keys } = await endpointWithPlantedHeaders();
    const sent = await testEndpointRoute(call(keys.admin, `/endpoints/${endpointId}/test`, {}), params(endpointId));
    const { deliveryId } = (await sent.json()) as { deliveryId: string };
    await db
      .update(attempts)
      .set({ requestHeaders: { ...planted, "content-type": "application/json" } })
      .where(eq(attempts.deliveryId, deliveryId));

    const read = await (await getDeliveryRoute(call(keys.admin, `/deliveries/${deliveryId}`), params(deliveryId))).json();
    expect(read.attempts[0].requestHeaders).toEqual({ Authorization: "[redacted]", "X-Tenant": "[redacted]", "content-type": "application/json" });
  });
});
