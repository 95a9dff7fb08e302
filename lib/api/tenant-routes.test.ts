// The tenants REST routes through their real handlers: create, upsert by key, read, update,
// disable, search, page and delete; their scopes; and that a key never reaches another workspace's tenants.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listDeliveries } from "@/app/api/v1/deliveries/route";
import { GET as listEndpoints } from "@/app/api/v1/endpoints/route";
import { GET as listEvents } from "@/app/api/v1/events/route";
import { GET as stats } from "@/app/api/v1/stats/route";
import { DELETE as deleteTenant, GET as getTenant, PATCH as patchTenant, PUT as putTenant } from "@/app/api/v1/tenants/[tenant]/route";
import { POST as createTenant, GET as listTenants } from "@/app/api/v1/tenants/route";
import { db } from "@/db";
import { auditLog, tenants } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/api-keys";
import type { ApiKeyScope } from "@/lib/api-keys/scopes";
import type { Executor } from "@/lib/engine/executor";
import { newId } from "@/lib/ids";
import { createOwnedWorkspace } from "@/test/fixtures";
import { startTernExecutor } from "@/test/tern-engine";

const system = { type: "system", id: null } as const;

let executor: Executor;
beforeAll(async () => {
  executor = await startTernExecutor();
});
afterAll(() => executor.stop());

async function workspaceWithKey(scopes: ApiKeyScope[] = []) {
  const { workspace } = await createOwnedWorkspace();
  const { key } = await createApiKey(workspace.id, { name: "tenants", scopes }, system);
  return { workspaceId: workspace.id, key };
}

function call(key: string, path: string, init: { method?: string; body?: unknown } = {}) {
  return new Request(`http://localhost/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
const noParams = { params: Promise.resolve<Record<string, string>>({}) };
const at = (tenant: string) => ({ params: Promise.resolve<Record<string, string>>({ tenant }) });

type Tenant = { id: string; key: string; name: string; metadata: Record<string, unknown>; disabled: boolean; disabledReason: string | null };

async function created(key: string, body: Record<string, unknown>): Promise<Tenant> {
  const response = await createTenant(call(key, "/tenants", { body }), noParams);
  expect(response.status).toBe(201);
  return response.json();
}

async function keysListed(key: string, query = ""): Promise<string[]> {
  const response = await listTenants(call(key, `/tenants${query}`), noParams);
  expect(response.status).toBe(200);
  return (await response.json()).data.map((tenant: Tenant) => tenant.key);
}

describe("tenants CRUD", () => {
  it("creates a tenant, and answers 409 naming the key when it is taken", async () => {
    const ws = await workspaceWithKey();
    const tenant = await created(ws.key, { key: "cus_1", name: "Acme", metadata: { plan: "pro" } });
    expect(tenant).toMatchObject({ id: expect.stringMatching(/^tnt_/), key: "cus_1", name: "Acme", metadata: { plan: "pro" }, disabled: false });
    expect(await created(ws.key, { key: "cus_2" })).toMatchObject({ key: "cus_2", name: "cus_2", metadata: {} });

    const duplicate = await createTenant(call(ws.key, "/tenants", { body: { key: "cus_1", name: "Other" } }), noParams);
    expect(duplicate.status).toBe(409);
    expect(duplicate.headers.get("content-type")).toBe("application/problem+json");
    const problem = await duplicate.json();
    expect(problem.detail).toContain('"cus_1"');
    expect(problem.errors).toEqual([{ field: "key", message: expect.stringContaining("cus_1") }]);
    expect(await db.$count(tenants, eq(tenants.workspaceId, ws.workspaceId))).toBe(2);

    const refused = await createTenant(call(ws.key, "/tenants", { body: { key: "tnt_mine", metadata: [] } }), noParams);
    expect(refused.status).toBe(422);
    expect((await refused.json()).errors.map((e: { field: string }) => e.field).sort()).toEqual(["key", "metadata"]);
  });

  it("PUT by key creates (201), then changes only the fields given (200); by id it updates a tenant that exists or answers 404", async () => {
    const ws = await workspaceWithKey();
    const first = await putTenant(call(ws.key, "/tenants/cus_42", { method: "PUT", body: { name: "Beta", metadata: { seats: 3 } } }), at("cus_42"));
    expect(first.status).toBe(201);
    const tenant: Tenant = await first.json();
    expect(tenant).toMatchObject({ key: "cus_42", name: "Beta", metadata: { seats: 3 } });

    const again = await putTenant(call(ws.key, "/tenants/cus_42", { method: "PUT", body: { metadata: { seats: 5 } } }), at("cus_42"));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: tenant.id, key: "cus_42", name: "Beta", metadata: { seats: 5 } });
    const bare = await putTenant(call(ws.key, "/tenants/cus_42", { method: "PUT" }), at("cus_42"));
    expect(bare.status).toBe(200);
    expect(await bare.json()).toMatchObject({ id: tenant.id, name: "Beta", metadata: { seats: 5 } });

    const byId = await putTenant(call(ws.key, `/tenants/${tenant.id}`, { method: "PUT", body: { name: "Beta Ltd" } }), at(tenant.id));
    expect(byId.status).toBe(200);
    expect(await byId.json()).toMatchObject({ id: tenant.id, key: "cus_42", name: "Beta Ltd", metadata: { seats: 5 } });
    const unknownId = newId("tnt");
    expect((await putTenant(call(ws.key, `/tenants/${unknownId}`, { method: "PUT", body: {} }), at(unknownId))).status).toBe(404);
    // Neither an id nor a key can look like this, so nothing can exist there.
    const impossible = await putTenant(call(ws.key, "/tenants/tnt_x", { method: "PUT", body: {} }), at("tnt_x"));
    expect(impossible.status).toBe(404);
    expect((await impossible.json()).errors).toEqual([{ field: "tenant", message: expect.stringContaining("tnt_") }]);
    expect(await db.select({ key: tenants.key }).from(tenants).where(eq(tenants.workspaceId, ws.workspaceId))).toEqual([{ key: "cus_42" }]);

    const audited = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, ws.workspaceId), eq(auditLog.targetId, tenant.id)));
    expect(audited.map((row) => row.action).sort()).toEqual(["tenant.created", "tenant.updated", "tenant.updated", "tenant.updated"]);
  });

  it("reads a tenant by id and by key, and disables it with a reason and enables it again", async () => {
    const ws = await workspaceWithKey();
    const tenant = await created(ws.key, { key: "cus:7@eu", name: "Gamma" });
    for (const ref of [tenant.id, tenant.key]) {
      const response = await getTenant(call(ws.key, `/tenants/${encodeURIComponent(ref)}`), at(ref));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(tenant);
    }
    expect((await getTenant(call(ws.key, "/tenants/cus_none"), at("cus_none"))).status).toBe(404);

    const disabled = await patchTenant(
      call(ws.key, `/tenants/${tenant.id}`, { method: "PATCH", body: { disabled: true, disabledReason: "Unpaid invoices" } }),
      at(tenant.id),
    );
    expect(disabled.status).toBe(200);
    expect(await disabled.json()).toMatchObject({ disabled: true, disabledReason: "Unpaid invoices", disabledAt: expect.any(String), name: "Gamma" });
    const enabled = await patchTenant(call(ws.key, "/tenants/cus:7@eu", { method: "PATCH", body: { disabled: false } }), at("cus:7@eu"));
    expect(await enabled.json()).toMatchObject({ disabled: false, disabledReason: null, disabledAt: null });
    const renamed = await patchTenant(
      call(ws.key, "/tenants/cus:7@eu", { method: "PATCH", body: { name: "Gamma GmbH", metadata: { vat: "DE1" } } }),
      at("cus:7@eu"),
    );
    expect(await renamed.json()).toMatchObject({ name: "Gamma GmbH", metadata: { vat: "DE1" }, disabled: false });
    expect((await patchTenant(call(ws.key, "/tenants/cus:7@eu", { method: "PATCH", body: { key: "new" } }), at("cus:7@eu"))).status).toBe(422);

    const actions = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, ws.workspaceId), eq(auditLog.targetId, tenant.id)));
    expect(actions.map((row) => row.action)).toEqual(expect.arrayContaining(["tenant.disabled", "tenant.enabled", "tenant.updated"]));
  });

  it("searches by key or name prefix, ignoring case and taking % and _ literally", async () => {
    const ws = await workspaceWithKey();
    await created(ws.key, { key: "acme-1", name: "First" });
    await created(ws.key, { key: "ACME_2", name: "Second" });
    await created(ws.key, { key: "other", name: "Acme Holdings" });
    await created(ws.key, { key: "a_b", name: "Underscore" });
    await created(ws.key, { key: "axb", name: "Any character" });
    await created(ws.key, { key: "half", name: "50% off" });
    await created(ws.key, { key: "fifty", name: "50 percent" });

    expect((await keysListed(ws.key, "?search=acme")).sort()).toEqual(["ACME_2", "acme-1", "other"]);
    expect((await keysListed(ws.key, "?search=AcMe-")).sort()).toEqual(["acme-1"]);
    expect(await keysListed(ws.key, "?search=a_")).toEqual(["a_b"]);
    expect(await keysListed(ws.key, "?search=50%25")).toEqual(["half"]);
    expect(await keysListed(ws.key, "?search=%25")).toEqual([]);
    expect(await keysListed(ws.key, "?search=under")).toEqual(["a_b"]);
    expect(await keysListed(ws.key, "?search=nothing")).toEqual([]);
    expect((await listTenants(call(ws.key, `/tenants?search=${"x".repeat(129)}`), noParams)).status).toBe(422);
  });

  it("pages newest first with a cursor, without gaps or repeats", async () => {
    const ws = await workspaceWithKey();
    const keys: string[] = [];
    for (let i = 0; i < 7; i++) keys.push((await created(ws.key, { key: `page-${i}` })).key);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await listTenants(call(ws.key, `/tenants?limit=3${cursor ? `&cursor=${cursor}` : ""}`), noParams);
      const page: { data: Tenant[]; nextCursor: string | null } = await response.json();
      expect(page.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.data.map((tenant) => tenant.key));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...keys].reverse());
    expect((await listTenants(call(ws.key, "/tenants?cursor=forged"), noParams)).status).toBe(422);
  });

  it("deletes a tenant (204): gone from GET and the list at once, and its key free for a new tenant", async () => {
    const ws = await workspaceWithKey();
    const tenant = await created(ws.key, { key: "leaving", name: "Leaving Inc" });
    await created(ws.key, { key: "staying" });

    const response = await deleteTenant(call(ws.key, "/tenants/leaving", { method: "DELETE" }), at("leaving"));
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    expect((await getTenant(call(ws.key, `/tenants/${tenant.id}`), at(tenant.id))).status).toBe(404);
    expect((await getTenant(call(ws.key, "/tenants/leaving"), at("leaving"))).status).toBe(404);
    expect(await keysListed(ws.key)).toEqual(["staying"]);
    expect((await deleteTenant(call(ws.key, "/tenants/leaving", { method: "DELETE" }), at("leaving"))).status).toBe(404);
    expect((await patchTenant(call(ws.key, `/tenants/${tenant.id}`, { method: "PATCH", body: { name: "Back" } }), at(tenant.id))).status).toBe(404);

    const again = await created(ws.key, { key: "leaving", name: "Returning Inc" });
    expect(again.id).not.toBe(tenant.id);
    expect(await (await getTenant(call(ws.key, "/tenants/leaving"), at("leaving"))).json()).toMatchObject({ id: again.id, name: "Returning Inc" });
  });
});

describe("tenant scopes", () => {
  it("needs tenants:read to read and tenants:write to change, and a refused change changes nothing", async () => {
    const ws = await workspaceWithKey(["tenants:read"]);
    const writer = await createApiKey(ws.workspaceId, { name: "writer", scopes: ["tenants:write"] }, system);
    const tenant = await created(writer.key, { key: "scoped", name: "Scoped" });

    const readOnly = ws.key;
    expect((await listTenants(call(readOnly, "/tenants"), noParams)).status).toBe(200);
    expect((await getTenant(call(readOnly, "/tenants/scoped"), at("scoped"))).status).toBe(200);
    for (const refused of [
      await createTenant(call(readOnly, "/tenants", { body: { key: "sneaky" } }), noParams),
      await putTenant(call(readOnly, "/tenants/sneaky", { method: "PUT", body: {} }), at("sneaky")),
      await putTenant(call(readOnly, "/tenants/scoped", { method: "PUT", body: { name: "Changed" } }), at("scoped")),
      await patchTenant(call(readOnly, "/tenants/scoped", { method: "PATCH", body: { disabled: true } }), at("scoped")),
      await deleteTenant(call(readOnly, "/tenants/scoped", { method: "DELETE" }), at("scoped")),
    ]) {
      expect(refused.status).toBe(403);
      expect((await refused.json()).detail).toBe("This API key lacks the tenants:write scope.");
    }

    for (const refused of [await listTenants(call(writer.key, "/tenants"), noParams), await getTenant(call(writer.key, "/tenants/scoped"), at("scoped"))]) {
      expect(refused.status).toBe(403);
      expect((await refused.json()).detail).toBe("This API key lacks the tenants:read scope.");
    }

    const [row] = await db.select().from(tenants).where(eq(tenants.workspaceId, ws.workspaceId));
    expect(row).toMatchObject({ id: tenant.id, key: "scoped", name: "Scoped", disabledAt: null, deletedAt: null });
    expect(await db.$count(tenants, eq(tenants.workspaceId, ws.workspaceId))).toBe(1);
  });
});

describe("workspace isolation", () => {
  it("keeps a key away from another workspace's tenants (404), and refuses them as a filter (422)", async () => {
    const a = await workspaceWithKey();
    const b = await workspaceWithKey();
    const theirs = await created(b.key, { key: "b-only", name: "B's customer" });

    for (const ref of [theirs.id, theirs.key]) {
      const refused = [
        await getTenant(call(a.key, `/tenants/${ref}`), at(ref)),
        await patchTenant(call(a.key, `/tenants/${ref}`, { method: "PATCH", body: { disabled: true } }), at(ref)),
        await deleteTenant(call(a.key, `/tenants/${ref}`, { method: "DELETE" }), at(ref)),
      ];
      expect(refused.map((response) => response.status)).toEqual([404, 404, 404]);
      expect((await refused[0]!.json()).detail).toBe(`No tenant with the id or key "${ref}" in this workspace.`);
    }
    expect((await putTenant(call(a.key, `/tenants/${theirs.id}`, { method: "PUT", body: { name: "Mine now" } }), at(theirs.id))).status).toBe(404);
    expect(await keysListed(a.key)).toEqual([]);
    expect(await keysListed(a.key, "?search=b-")).toEqual([]);

    for (const [list, path] of [
      [listEndpoints, "/endpoints"],
      [listEvents, "/events"],
      [listDeliveries, "/deliveries"],
      [stats, "/stats"],
    ] as const) {
      const response = await list(call(a.key, `${path}?tenant=${theirs.key}`), noParams);
      expect(response.status, path).toBe(422);
      expect((await response.json()).errors).toEqual([{ field: "tenant", message: `No tenant with the id or key "${theirs.key}" in this workspace.` }]);
      expect((await list(call(a.key, `${path}?tenant=${theirs.id}`), noParams)).status, path).toBe(422);
    }

    // A's PUT of the same key makes A's own tenant, leaving B's as it was.
    const mine = await putTenant(call(a.key, "/tenants/b-only", { method: "PUT", body: { name: "A's customer" } }), at("b-only"));
    expect(mine.status).toBe(201);
    expect((await mine.json()).id).not.toBe(theirs.id);
    expect(await (await getTenant(call(b.key, "/tenants/b-only"), at("b-only"))).json()).toEqual(theirs);
  });
});
