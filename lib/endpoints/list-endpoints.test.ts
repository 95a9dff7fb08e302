// Listing endpoints by tag, through the library and the REST API, and paging back from an older
// page with the filter kept.
import { describe, expect, it } from "vitest";
import { POST as createEndpointRoute, GET as listEndpointsRoute } from "@/app/api/v1/endpoints/route";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { createEndpoint, listEndpoints, newerEndpointsCursor } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { createOwnedWorkspace } from "@/test/fixtures";

const system = { type: "system", id: null } as const;
// A literal public address: saving it asks no DNS.
let paths = 0;
const tagged = (workspaceId: string, tags: string[], name?: string) =>
  createEndpoint(workspaceId, createEndpointInput.parse({ url: `https://93.184.215.14/${++paths}`, eventTypes: ["*"], tags, name }), system);

const noParams = { params: Promise.resolve<Record<string, string>>({}) };
const call = (key: string, path: string, init: { method?: string; body?: unknown } = {}) =>
  new Request(`http://localhost/api/v1${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

describe("the tag filter", () => {
  it("lists the workspace's endpoints that carry the tag, among all their tags, and no other workspace's", async () => {
    const { workspace } = await createOwnedWorkspace();
    const other = await createOwnedWorkspace();
    const billing = await tagged(workspace.id, ["billing", "env:prod"]);
    const billingStaging = await tagged(workspace.id, ["env:staging", "billing"]);
    await tagged(workspace.id, ["shipping"]);
    await tagged(workspace.id, []);
    await tagged(other.workspace.id, ["billing"]);

    const page = await listEndpoints(workspace.id, { limit: 10, tag: "billing" }, "redacted");

    expect(page.data.map((endpoint) => endpoint.id)).toEqual([billingStaging.id, billing.id]);
    expect((await listEndpoints(workspace.id, { limit: 10, tag: "env:prod" }, "redacted")).data.map((endpoint) => endpoint.id)).toEqual([billing.id]);
    expect((await listEndpoints(workspace.id, { limit: 10, tag: "nowhere" }, "redacted")).data).toEqual([]);
  });

  it("is ?tag= on GET /api/v1/endpoints, read as tags are written; name and tags come back as they were saved", async () => {
    const { workspace } = await createOwnedWorkspace();
    const { key } = await createApiKey(workspace.id, { name: "tags", scopes: ["endpoints:read", "endpoints:write"] }, system);
    const created = await createEndpointRoute(
      call(key, "/endpoints", {
        method: "POST",
        body: { url: "https://93.184.215.14/api", eventTypes: ["*"], name: " Billing\u200b ", tags: ["Billing", "env:prod"] },
      }),
      noParams,
    );
    expect(created.status).toBe(201);
    const endpoint = (await created.json()) as { id: string; name: string; tags: string[] };
    expect(endpoint).toMatchObject({ name: "Billing", tags: ["billing", "env:prod"] });
    await tagged(workspace.id, ["shipping"]);

    const listed = await listEndpointsRoute(call(key, "/endpoints?tag=%20BILLING"), noParams);
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { data: { id: string; name: string }[] }).data).toEqual([expect.objectContaining({ id: endpoint.id, name: "Billing" })]);

    const refused = await listEndpointsRoute(call(key, "/endpoints?tag=two%20words"), noParams);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ errors: [{ field: "tag", message: expect.stringMatching(/^A tag is lower-case letters/) }] });
  });

  it("is kept when paging back to newer endpoints", async () => {
    const { workspace } = await createOwnedWorkspace();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.unshift((await tagged(workspace.id, ["paged"])).id);
      await tagged(workspace.id, ["noise"]);
    }
    const query = { limit: 2, tag: "paged" };
    const first = await listEndpoints(workspace.id, query, "redacted");
    const second = await listEndpoints(workspace.id, { ...query, cursor: first.nextCursor! }, "redacted");
    const third = await listEndpoints(workspace.id, { ...query, cursor: second.nextCursor! }, "redacted");
    expect([...first.data, ...second.data, ...third.data].map((endpoint) => endpoint.id)).toEqual(ids);

    // From the third page, "Newer" opens the second; from the second, the first (no cursor).
    const newer = await newerEndpointsCursor(workspace.id, { ...query, cursor: second.nextCursor! });
    expect((await listEndpoints(workspace.id, { ...query, cursor: newer! }, "redacted")).data.map((endpoint) => endpoint.id)).toEqual(ids.slice(2, 4));
    expect(await newerEndpointsCursor(workspace.id, { ...query, cursor: first.nextCursor! })).toBeNull();
  });
});
