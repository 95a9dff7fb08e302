// The audit log through GET /api/v1/audit-log: who did what, newest first, filtered by actor,
// action and time, paged without gaps; a key needs audit-log:read, and sees its workspace only.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listAuditLogRoute } from "@/app/api/v1/audit-log/route";
import { db } from "@/db";
import { auditLog } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/api-keys";
import type { Actor } from "@/lib/auth/roles";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import type { Executor } from "@/lib/engine/executor";
import { newId } from "@/lib/ids";
import { createTenant } from "@/lib/tenants/tenants";
import { createOwnedWorkspace } from "@/test/fixtures";
import { startTernExecutor } from "@/test/tern-engine";

const system = { type: "system", id: null } as const;
let executor: Executor;
beforeAll(async () => {
  executor = await startTernExecutor();
});
afterAll(() => executor.stop());

type Entry = { id: string; createdAt: string; action: string; actor: { type: string; id: string | null; name: string }; target: { type: string; id: string } };

function get(key: string, query: Record<string, string> = {}) {
  const url = new URL("http://localhost/api/v1/audit-log");
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return listAuditLogRoute(new Request(url, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({}) });
}

async function list(key: string, query: Record<string, string> = {}): Promise<{ data: Entry[]; nextCursor: string | null }> {
  const response = await get(key, query);
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json();
}

/** A workspace with an owner, a reader key, a tenant, and audit entries by each kind of actor at known times. */
async function seededWorkspace() {
  const { owner, workspace } = await createOwnedWorkspace();
  const { key, apiKey } = await createApiKey(workspace.id, { name: "auditor", scopes: ["audit-log:read"] }, { type: "user", id: owner.id });
  const tenant = await createTenant(workspace.id, { key: "cus_audit", metadata: {} }, system);
  const endpoint = await createEndpoint(workspace.id, createEndpointInput.parse({ url: "https://example.com/hook", eventTypes: ["*"] }), {
    type: "user",
    id: owner.id,
  });
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
  const entry = (actor: Actor, action: string, minutesAgo: number) => ({
    id: newId("aud"),
    workspaceId: workspace.id,
    actorType: actor.type,
    actorId: actor.id,
    action,
    targetType: "endpoint",
    targetId: endpoint.id,
    createdAt: at(minutesAgo),
  });
  await db
    .insert(auditLog)
    .values([
      entry({ type: "api_key", id: apiKey.id }, "endpoint.secret_revealed", 90),
      entry({ type: "portal", id: tenant.id }, "endpoint.updated", 60),
      entry(system, "endpoint.updated", 30),
    ]);
  return { owner, workspace, key, apiKey, tenant, endpoint };
}

describe("GET /api/v1/audit-log", () => {
  it("names each actor and filters by actor, action and time", async () => {
    const { owner, key, apiKey, tenant, endpoint } = await seededWorkspace();
    const all = await list(key);
    expect(all.data.map((e) => e.action)).toEqual([
      "endpoint.created",
      "tenant.created",
      "api_key.created",
      "endpoint.updated",
      "endpoint.updated",
      "endpoint.secret_revealed",
    ]);
    const names = Object.fromEntries(all.data.map((e) => [`${e.action} ${e.actor.type}`, e.actor.name]));
    expect(names).toMatchObject({
      "endpoint.created user": owner.email,
      "tenant.created system": "Tern",
      "endpoint.updated portal": "tenant:cus_audit (portal)",
      "endpoint.secret_revealed api_key": "API key “auditor”",
    });
    expect(all.data[0]!.target).toEqual({ type: "endpoint", id: endpoint.id });

    expect((await list(key, { actor: owner.id })).data.map((e) => e.action)).toEqual(["endpoint.created", "api_key.created"]);
    expect((await list(key, { actor: apiKey.id })).data.map((e) => e.action)).toEqual(["endpoint.secret_revealed"]);
    expect((await list(key, { actor: tenant.id })).data.map((e) => e.actor.type)).toEqual(["portal"]);
    expect((await list(key, { actor: "system" })).data.map((e) => e.action)).toEqual(["tenant.created", "endpoint.updated"]);
    expect((await list(key, { action: "endpoint.updated" })).data.map((e) => e.actor.type)).toEqual(["system", "portal"]);
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    expect((await list(key, { since: minutesAgo(75), until: minutesAgo(15) })).data.map((e) => e.actor.type)).toEqual(["system", "portal"]);
    expect((await list(key, { action: "endpoint.updated", since: minutesAgo(45) })).data.map((e) => e.actor.type)).toEqual(["system"]);
  });

  it("pages newest first without gaps or repeats", async () => {
    const { key } = await seededWorkspace();
    const everything = (await list(key)).data.map((e) => e.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: Entry[]; nextCursor: string | null } = await list(key, { limit: "2", ...(cursor ? { cursor } : {}) });
      expect(page.data.length).toBeLessThanOrEqual(2);
      paged.push(...page.data.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(everything);
  });

  it("pages entries written within one millisecond without skipping any: the column keeps milliseconds, as the cursor does", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    const { key } = await createApiKey(workspace.id, { name: "auditor", scopes: ["audit-log:read"] }, { type: "user", id: owner.id });
    // Three entries within one millisecond, written with microseconds as PostgreSQL's now() would.
    await db.execute(sql`insert into audit_log (id, workspace_id, actor_type, action, target_type, target_id, created_at)
      select 'aud_samems' || lpad(n::text, 20, '0'), ${workspace.id}, 'system', 'endpoint.updated', 'endpoint', 'ep_x', '2026-01-01T00:00:00.123000Z'::timestamptz + n * interval '100 microseconds'
      from generate_series(1, 3) n`);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: Entry[]; nextCursor: string | null } = await list(key, { limit: "1", action: "endpoint.updated", ...(cursor ? { cursor } : {}) });
      paged.push(...page.data.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.sort()).toEqual([1, 2, 3].map((n) => `aud_samems${String(n).padStart(20, "0")}`));
  });

  it("refuses a bad filter with 422 naming it, and a key without audit-log:read with 403", async () => {
    const { workspace, key } = await seededWorkspace();
    for (const [query, field] of [
      [{ action: "endpoint.exploded" }, "action"],
      [{ since: "yesterday" }, "since"],
      [{ actor: "a b" }, "actor"],
      [{ cursor: "nope" }, "cursor"],
    ] as const) {
      const response = await get(key, query);
      expect(response.status).toBe(422);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect((await response.json()).errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    const { key: otherScopes } = await createApiKey(workspace.id, { name: "no audit", scopes: ["endpoints:read"] }, system);
    const refused = await get(otherScopes);
    expect(refused.status).toBe(403);
    expect((await refused.json()).detail).toContain("audit-log:read");
  });

  it("never shows another workspace's entries, whatever the filter names", async () => {
    const mine = await seededWorkspace();
    const theirs = await seededWorkspace();
    const ids = new Set((await list(theirs.key)).data.map((e) => e.id));
    const queries: Record<string, string>[] = [{}, { actor: theirs.owner.id }, { actor: theirs.apiKey.id }, { action: "endpoint.secret_revealed" }];
    for (const query of queries) {
      const seen = (await list(mine.key, query)).data;
      expect(seen.some((e) => ids.has(e.id))).toBe(false);
    }
    expect((await list(mine.key, { actor: theirs.owner.id })).data).toEqual([]);
  });
});
