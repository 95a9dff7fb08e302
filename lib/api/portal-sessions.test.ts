// Portal sessions through the REST API: the operator's backend opens and revokes them with an API
// key; the link it gets back opens the portal for that one tenant.
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { GET as listEndpoints } from "@/app/api/v1/endpoints/route";
import { POST as openSession, DELETE as revokeSessions } from "@/app/api/v1/tenants/[tenant]/portal-sessions/route";
import { db } from "@/db";
import { auditLog } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/api-keys";
import type { ApiKeyScope } from "@/lib/api-keys/scopes";
import { createTenant } from "@/lib/tenants/tenants";
import { createOwnedWorkspace } from "@/test/fixtures";

const system = { type: "system", id: null } as const;

function request(token: string, url: string, init: { method?: string; body?: unknown } = {}) {
  return new Request(url, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
const with_ = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

async function workspaceWithTenant(scopes: ApiKeyScope[] = []) {
  const { workspace } = await createOwnedWorkspace();
  const { key } = await createApiKey(workspace.id, { name: "backend", scopes }, system);
  const tenant = await createTenant(workspace.id, { key: "cus_a", metadata: {} }, system);
  return { workspaceId: workspace.id, key, tenant };
}

const open = (key: string, tenant: string, body: unknown = {}, origin = "http://tern.local:3000") =>
  openSession(request(key, `${origin}/api/v1/tenants/${tenant}/portal-sessions`, { method: "POST", body }), with_({ tenant }));

afterEach(() => {
  delete process.env.AUTH_URL;
});

describe("POST /api/v1/tenants/{tenant}/portal-sessions", () => {
  it("answers 201 with a link to the portal on the request's origin, its token in the fragment, that opens the tenant", async () => {
    const { workspaceId, key, tenant } = await workspaceWithTenant(["tenants:write"]);
    const response = await open(key, "cus_a", { expiresInSeconds: 600 });
    expect(response.status).toBe(201);
    const session = await response.json();
    expect(session.url).toBe(`http://tern.local:3000/portal/${workspaceId}#token=${session.token}`);
    const lifetime = new Date(session.expiresAt).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(590_000);
    expect(lifetime).toBeLessThanOrEqual(600_000);

    const endpoints = await listEndpoints(request(session.token, "http://tern.local:3000/api/v1/endpoints"), with_());
    expect(endpoints.status).toBe(200);
    expect(await endpoints.json()).toEqual({ data: [], nextCursor: null });

    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, workspaceId), eq(auditLog.action, "portal_session.created")));
    expect(audit).toEqual([expect.objectContaining({ actorType: "api_key", targetId: tenant.id })]);
  });

  it("links to AUTH_URL when it is set, whatever origin the request came in on", async () => {
    process.env.AUTH_URL = "https://webhooks.example.com";
    const { workspaceId, key, tenant } = await workspaceWithTenant();
    const session = await (await open(key, tenant.id, { readOnly: true })).json();
    expect(session.url).toBe(`https://webhooks.example.com/portal/${workspaceId}#token=${session.token}`);
  });

  it("refuses a key without tenants:write, a tenant that does not exist, and a lifetime past 7 days", async () => {
    const readOnlyKey = await workspaceWithTenant(["tenants:read"]);
    expect(await (await open(readOnlyKey.key, "cus_a")).json()).toMatchObject({ status: 403, detail: "This API key lacks the tenants:write scope." });
    const { key } = await workspaceWithTenant();
    expect((await open(key, "cus_nobody")).status).toBe(404);
    const tooLong = await (await open(key, "cus_a", { expiresInSeconds: 7 * 24 * 3600 + 1 })).json();
    expect(tooLong).toMatchObject({ status: 422, errors: [{ field: "expiresInSeconds" }] });
  });
});

describe("DELETE /api/v1/tenants/{tenant}/portal-sessions", () => {
  it("ends every open session of the tenant at once, and says how many", async () => {
    const { key, tenant } = await workspaceWithTenant();
    const first = await (await open(key, "cus_a")).json();
    const second = await (await open(key, tenant.id, { readOnly: true })).json();
    const revoke = () =>
      revokeSessions(request(key, `http://tern.local/api/v1/tenants/cus_a/portal-sessions`, { method: "DELETE" }), with_({ tenant: "cus_a" }));
    const response = await revoke();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ revoked: 2 });
    for (const { token } of [first, second]) {
      const refused = await listEndpoints(request(token, "http://tern.local/api/v1/endpoints"), with_());
      expect(refused.status).toBe(401);
      expect(refused.headers.get("content-type")).toContain("application/problem+json");
    }
    expect(await (await revoke()).json()).toEqual({ revoked: 0 });
  });
});
