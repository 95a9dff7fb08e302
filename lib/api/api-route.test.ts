// The REST wrapper through real route handlers: API keys, scopes, parsing and tenant isolation.
import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { DELETE as deleteType, GET as getType, PATCH as patchType } from "@/app/api/v1/event-types/[name]/route";
import { POST as createType, GET as listTypes } from "@/app/api/v1/event-types/route";
import { db } from "@/db";
import { apiKeys, eventTypes } from "@/db/schema";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/api-keys";
import type { ApiKeyScope } from "@/lib/api-keys/scopes";
import { createEventType } from "@/lib/event-types/event-types";
import { newId } from "@/lib/ids";
import { createOwnedWorkspace } from "@/test/fixtures";

const system = { type: "system", id: null } as const;

async function workspaceWithKey(scopes: ApiKeyScope[] = []) {
  const { workspace } = await createOwnedWorkspace();
  const { apiKey, key } = await createApiKey(workspace.id, { name: "test", scopes }, system);
  return { workspaceId: workspace.id, keyId: apiKey.id, key };
}

function call(key: string | undefined, init: { method?: string; body?: string; contentType?: string; path?: string } = {}) {
  const headers = new Headers();
  if (key) headers.set("authorization", `Bearer ${key}`);
  if (init.body !== undefined) headers.set("content-type", init.contentType ?? "application/json");
  return new Request(`http://localhost/api/v1/event-types${init.path ?? ""}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body,
  });
}

const params = (name?: string) => ({ params: Promise.resolve<Record<string, string>>(name ? { name } : {}) });

async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = await response.json();
  expect(body).toMatchObject({ type: "about:blank", status });
  expect(typeof body.detail).toBe("string");
  return body as { detail: string; errors?: { field: string; message: string }[] };
}

describe("REST wrapper", () => {
  let a: Awaited<ReturnType<typeof workspaceWithKey>>;
  let b: Awaited<ReturnType<typeof workspaceWithKey>>;

  beforeEach(async () => {
    a = await workspaceWithKey();
    b = await workspaceWithKey();
    await createEventType(b.workspaceId, { name: "invoice.paid", description: "B's type" }, system);
  });

  it("creates and lists within the key's workspace only", async () => {
    const created = await createType(call(a.key, { method: "POST", body: JSON.stringify({ name: "user.created" }) }), params());
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: "user.created", workspaceId: a.workspaceId });

    const list = await (await listTypes(call(a.key), params())).json();
    expect(list.data.map((t: { name: string }) => t.name)).toEqual(["user.created"]);
    expect(list.nextCursor).toBeNull();
  });

  it("answers 404 for another workspace's resources and changes nothing", async () => {
    await expectProblem(await getType(call(a.key, { path: "/invoice.paid" }), params("invoice.paid")), 404);
    const patch = call(a.key, { method: "PATCH", path: "/invoice.paid", body: JSON.stringify({ description: "mine now" }) });
    await expectProblem(await patchType(patch, params("invoice.paid")), 404);
    await expectProblem(await deleteType(call(a.key, { method: "DELETE" }), params("invoice.paid")), 404);

    const [stillThere] = await db.select().from(eventTypes).where(eq(eventTypes.workspaceId, b.workspaceId));
    expect(stillThere).toMatchObject({ name: "invoice.paid", description: "B's type" });
  });

  it("refuses missing, unknown and revoked keys with 401", async () => {
    await expectProblem(await listTypes(call(undefined), params()), 401);
    await expectProblem(await listTypes(call("tern_sk_doesnotexistdoesnotexist"), params()), 401);
    await revokeApiKey(a.workspaceId, a.keyId, system);
    await expectProblem(await listTypes(call(a.key), params()), 401);
  });

  it("refuses a key without the route's scope with 403", async () => {
    const readOnly = await workspaceWithKey(["event-types:read"]);
    expect((await listTypes(call(readOnly.key), params())).status).toBe(200);
    const body = await expectProblem(await createType(call(readOnly.key, { method: "POST", body: JSON.stringify({ name: "x" }) }), params()), 403);
    expect(body.detail).toContain("event-types:write");
  });

  it("maps bad bodies to 400, 413, 415 and 422 with field paths", async () => {
    await expectProblem(await createType(call(a.key, { method: "POST", body: "{nope" }), params()), 400);
    await expectProblem(await createType(call(a.key, { method: "POST", body: "name=x", contentType: "application/x-www-form-urlencoded" }), params()), 415);
    const huge = JSON.stringify({ name: "big", description: "x".repeat(600 * 1024) });
    await expectProblem(await createType(call(a.key, { method: "POST", body: huge }), params()), 413);

    const invalid = await expectProblem(
      await createType(call(a.key, { method: "POST", body: JSON.stringify({ name: "bad name!", colour: "red" }) }), params()),
      422,
    );
    expect(invalid.errors?.map((e) => e.field).sort()).toEqual(["(root)", "name"]);
    expect(invalid.detail).toContain("colour");
  });

  it("answers a duplicate with 409 and a bad cursor with 422", async () => {
    const body = JSON.stringify({ name: "invoice.paid" });
    expect((await createType(call(b.key, { method: "POST", body }), params())).status).toBe(409);
    await expectProblem(await listTypes(call(a.key, { path: "?cursor=garbage" }), params()), 422);
    await expectProblem(await listTypes(call(a.key, { path: "?limit=1000" }), params()), 422);
  });

  it("records when a key was last used", async () => {
    await listTypes(call(a.key), params());
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, a.keyId));
    expect(row!.lastUsedAt).toBeInstanceOf(Date);
  });

  /** Every event type name of workspace a, following the cursors `limit` at a time. */
  async function allTypeNames(limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await (await listTypes(call(a.key, { path }), params())).json();
      seen.push(...page.data.map((t: { name: string }) => t.name));
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  }

  it("pages through a list without gaps or repeats", async () => {
    for (let i = 0; i < 7; i++) await createEventType(a.workspaceId, { name: `type.${i}`, description: "" }, system);
    expect(await allTypeNames(3)).toEqual(["type.6", "type.5", "type.4", "type.3", "type.2", "type.1", "type.0"]);
  });

  it("pages through rows created in the same millisecond", async () => {
    // Microseconds apart: a cursor with millisecond time must still land between them.
    for (const [i, micros] of ["123100", "123200", "123300"].entries()) {
      await db
        .insert(eventTypes)
        .values({ id: newId("et"), workspaceId: a.workspaceId, name: `tie.${i}`, createdAt: sql`${`2026-01-01T00:00:00.${micros}Z`}::timestamptz` });
    }
    expect((await allTypeNames(1)).filter((name) => name.startsWith("tie."))).toEqual(["tie.2", "tie.1", "tie.0"]);
  });
});
