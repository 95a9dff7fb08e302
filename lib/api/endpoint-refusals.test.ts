// What POST and PATCH /api/v1/endpoints refuse, through the real handlers: headers no request can
// carry, hosts that resolve only to blocked addresses, and a workspace at its endpoint limit.
import { afterEach, describe, expect, it } from "vitest";
import { DELETE as deleteEndpoint, PATCH as updateEndpoint } from "@/app/api/v1/endpoints/[id]/route";
import { POST as createEndpoint, GET as listEndpoints } from "@/app/api/v1/endpoints/route";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { LOCAL_DEVELOPMENT_HINT } from "@/lib/webhooks/ssrf";
import { createOwnedWorkspace } from "@/test/fixtures";

afterEach(() => {
  delete process.env.TERN_MAX_ENDPOINTS_PER_WORKSPACE;
});

async function keyFor() {
  const { workspace } = await createOwnedWorkspace();
  const { key } = await createApiKey(workspace.id, { name: "refusals", scopes: [] }, { type: "system", id: null });
  return key;
}

function request(key: string, path: string, init: { method?: string; body?: unknown } = {}) {
  return new Request(`http://localhost/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
const params = (id?: string) => ({ params: Promise.resolve<Record<string, string>>(id ? { id } : {}) });

// Literal public addresses: no DNS, so the tests do not depend on the network.
const create = (key: string, body: Record<string, unknown> = {}) =>
  createEndpoint(request(key, "/endpoints", { body: { url: "https://93.184.215.14/hook", eventTypes: ["*"], ...body } }), params());
const listed = async (key: string) => (await (await listEndpoints(request(key, "/endpoints"), params())).json()).data as { id: string; url: string }[];

describe("endpoint headers", () => {
  it("answers 422 naming a header that can never be sent, and why", async () => {
    const key = await keyFor();
    const response = await create(key, { headers: { Expect: "100-continue", "X-Tenant": "t1" } });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const body = await response.json();
    const message = 'Header 1 "Expect" cannot be a custom header: Tern sends the body at once and never waits for 100 Continue.';
    expect(body.errors).toEqual([{ field: "headers.Expect", message }]);
    expect(body.detail).toBe(`The request body is invalid: headers.Expect: ${message}`);
    expect(await listed(key)).toEqual([]);
  });

  it("answers 422 for a value with a line break or non-ASCII characters, on create and update", async () => {
    const key = await keyFor();
    const injected = await create(key, { headers: { "X-Tenant": "t1\r\nX-Injected: 1" } });
    expect(injected.status).toBe(422);
    expect((await injected.json()).errors).toEqual([{ field: "headers.X-Tenant", message: 'The value of header 1 "X-Tenant" cannot contain line breaks.' }]);

    const endpoint = await (await create(key)).json();
    const update = await updateEndpoint(
      request(key, `/endpoints/${endpoint.id}`, { method: "PATCH", body: { headers: { "X-Name": "Zoë" } } }),
      params(endpoint.id),
    );
    expect(update.status).toBe(422);
    expect((await update.json()).errors).toEqual([
      {
        field: "headers.X-Name",
        message: 'The value of header 1 "X-Name" can contain ASCII characters only; encode others (e.g. percent-encoding or base64).',
      },
    ]);
  });
});

describe("endpoint hosts", () => {
  // localhost resolves (from /etc/hosts) to loopback addresses only, the order depending on the system.
  const loopbackRefusal =
    /^localhost resolves to (127\.0\.0\.1|::1), a loopback address; webhooks can only go to public addresses\. While developing, start Tern with TERN_ALLOW_PRIVATE_NETWORKS=1 /;

  it("answers 422 on url when a host name resolves only to blocked addresses, on create and update", async () => {
    const key = await keyFor();
    const refused = await create(key, { url: "https://localhost:8443/hook" });
    expect(refused.status).toBe(422);
    const body = await refused.json();
    expect(body.errors).toEqual([{ field: "url", message: expect.stringMatching(loopbackRefusal) }]);
    expect(body.detail).toMatch(loopbackRefusal);
    expect(await listed(key)).toEqual([]);

    const endpoint = await (await create(key)).json();
    const update = await updateEndpoint(
      request(key, `/endpoints/${endpoint.id}`, { method: "PATCH", body: { url: "https://localhost/hook" } }),
      params(endpoint.id),
    );
    expect(update.status).toBe(422);
    expect((await update.json()).errors).toEqual([{ field: "url", message: expect.stringMatching(loopbackRefusal) }]);
    expect((await listed(key)).map((e) => e.url)).toEqual(["https://93.184.215.14/hook"]);
  });

  it("answers 422 on url for a blocked literal address in another notation", async () => {
    const key = await keyFor();
    const response = await create(key, { url: "https://0xa9fea9fe/latest/meta-data" });
    expect(response.status).toBe(422);
    expect((await response.json()).errors).toEqual([
      { field: "url", message: `169.254.169.254 is a cloud metadata address; webhooks can only go to public addresses. ${LOCAL_DEVELOPMENT_HINT}` },
    ]);
  });
});

describe("endpoints per workspace", () => {
  it("answers 409 once a workspace has TERN_MAX_ENDPOINTS_PER_WORKSPACE endpoints, and accepts one again after a delete", async () => {
    process.env.TERN_MAX_ENDPOINTS_PER_WORKSPACE = "2";
    const key = await keyFor();
    const first = await (await create(key)).json();
    expect((await create(key)).status).toBe(201);

    const refused = await create(key);
    expect(refused.status).toBe(409);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(await refused.json()).toMatchObject({
      status: 409,
      detail:
        "This workspace already has 2 endpoints of its own, the most it can have. Delete endpoints it no longer needs, or ask the operator to raise TERN_MAX_ENDPOINTS_PER_WORKSPACE.",
    });
    expect(await listed(key)).toHaveLength(2);

    expect((await create(await keyFor())).status).toBe(201);
    expect((await deleteEndpoint(request(key, `/endpoints/${first.id}`, { method: "DELETE" }), params(first.id))).status).toBe(204);
    expect((await create(key)).status).toBe(201);
  });
});
