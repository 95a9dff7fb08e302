// The REST wrapper through real route handlers: API keys, scopes, parsing and tenant isolation.
import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { GET as listDeliveries } from "@/app/api/v1/deliveries/route";
import { POST as recoverEndpoint } from "@/app/api/v1/endpoints/[id]/recover/route";
import { GET as getEndpoint } from "@/app/api/v1/endpoints/[id]/route";
import { DELETE as deleteType, GET as getType, PATCH as patchType } from "@/app/api/v1/event-types/[name]/route";
import { POST as createType, GET as listTypes } from "@/app/api/v1/event-types/route";
import { POST as publish } from "@/app/api/v1/events/route";
import { GET as stats } from "@/app/api/v1/stats/route";
import { db } from "@/db";
import { apiKeys, eventTypes } from "@/db/schema";
import { apiRoute } from "@/lib/api/api-route";
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

type CallInit = { method?: string; body?: string | Uint8Array<ArrayBuffer>; contentType?: string; path?: string };

function callApi(key: string | undefined, path: string, init: CallInit = {}) {
  const headers = new Headers();
  if (key) headers.set("authorization", `Bearer ${key}`);
  if (init.body !== undefined) headers.set("content-type", init.contentType ?? "application/json");
  return new Request(`http://localhost/api/v1${path}`, { method: init.method ?? "GET", headers, body: init.body });
}

const call = (key: string | undefined, init: CallInit = {}) => callApi(key, `/event-types${init.path ?? ""}`, init);

const params = (name?: string) => ({ params: Promise.resolve<Record<string, string>>(name ? { name } : {}) });
const idParams = (id: string) => ({ params: Promise.resolve<Record<string, string>>({ id }) });

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

    // The workspace's own types come first; Tern's built-in tern.* types follow them.
    const list = await (await listTypes(call(a.key), params())).json();
    const own = list.data.filter((t: { builtIn?: boolean }) => !t.builtIn);
    expect(own.map((t: { name: string }) => t.name)).toEqual(["user.created"]);
    expect(list.data.every((t: { name: string; builtIn?: boolean }) => !t.builtIn || t.name.startsWith("tern."))).toBe(true);
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

  it("answers a route without [segments], to which Next passes no params at all", async () => {
    const noParams = { params: Promise.resolve(undefined as unknown as Record<string, string>) };
    expect((await listTypes(call(a.key), noParams)).status).toBe(200);
  });

  it("pages through a list without gaps or repeats", async () => {
    for (let i = 0; i < 7; i++) await createEventType(a.workspaceId, { name: `type.${i}`, description: "" }, system);
    const names = await allTypeNames(3);
    expect(names.filter((name) => !name.startsWith("tern."))).toEqual(["type.6", "type.5", "type.4", "type.3", "type.2", "type.1", "type.0"]);
    expect(new Set(names).size).toBe(names.length);
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

describe("input the parser or PostgreSQL cannot take answers 4xx, naming the field", () => {
  let a: Awaited<ReturnType<typeof workspaceWithKey>>;
  beforeEach(async () => {
    a = await workspaceWithKey();
  });

  const post = (body: unknown) => createType(call(a.key, { method: "POST", body: JSON.stringify(body) }), params());
  const fields = (problem: { errors?: { field: string }[] }) => problem.errors?.map((e) => e.field);

  it("refuses NUL and unpaired surrogates in body values and keys with 422", async () => {
    expect(fields(await expectProblem(await post({ name: "nul.value", description: "a\u0000b" }), 422))).toEqual(["description"]);
    expect(fields(await expectProblem(await post({ name: "nul.key", example: { nested: [{ "k\u0000": 1 }] } }), 422))).toEqual(["example.nested.0.k\\u0000"]);
    expect(fields(await expectProblem(await post({ name: "lone.high", description: "\ud800" }), 422))).toEqual(["description"]);
    expect(fields(await expectProblem(await post({ name: "lone.low", example: { text: "x\udc00" } }), 422))).toEqual(["example.text"]);
    expect((await post({ name: "paired", description: "\ud83d\ude00 \u00e9" })).status).toBe(201);
  });

  it("refuses a body that is not UTF-8 with 400", async () => {
    const bytes = new Uint8Array([...Buffer.from('{"name":"bad.bytes","description":"'), 0xff, 0xfe, ...Buffer.from('"}')]);
    const problem = await expectProblem(await createType(call(a.key, { method: "POST", body: bytes }), params()), 400);
    expect(problem.detail).toContain("UTF-8");
  });

  it("refuses JSON nested 10,000 deep with 400 before parsing it, naming where", async () => {
    // The root object and example are two of the 64 levels a body may have.
    const deep = `{"name":"deep","example":{"tree":${"[".repeat(10_000)}${"]".repeat(10_000)}}}`;
    const problem = await expectProblem(await createType(call(a.key, { method: "POST", body: deep }), params()), 400);
    expect(problem.errors?.[0]?.field).toBe(["example", "tree", ...Array<number>(62).fill(0)].join("."));
    const deepest = JSON.stringify({ name: "deep.enough", example: { tree: JSON.parse(`${"[".repeat(62)}${"]".repeat(62)}`) } });
    expect((await createType(call(a.key, { method: "POST", body: deepest }), params())).status).toBe(201);
  });

  it("answers 404 naming the parameter for path params no resource can have", async () => {
    const nul = await expectProblem(await getEndpoint(callApi(a.key, "/endpoints/ep_%00"), idParams("ep_\u0000")), 404);
    expect(fields(nul)).toEqual(["id"]);
    expect(fields(await expectProblem(await getEndpoint(callApi(a.key, "/endpoints/evt_x"), idParams("evt_01jzzzzzzzzzzzzzzzzzzzzzzz")), 404))).toEqual(["id"]);
    expect(fields(await expectProblem(await getType(call(a.key, { path: "/a%00" }), params("a\u0000")), 404))).toEqual(["name"]);
    expect(fields(await expectProblem(await getType(call(a.key, { path: "/%ED%A0%80" }), params("\ud800")), 404))).toEqual(["name"]);
  });

  it("refuses NUL and repeated parameters in the query string with 422", async () => {
    expect(fields(await expectProblem(await listDeliveries(callApi(a.key, "/deliveries?eventType=a%00b"), params()), 422))).toEqual(["eventType"]);
    const repeated = await expectProblem(await listDeliveries(callApi(a.key, "/deliveries?status=failed&status=succeeded"), params()), 422);
    expect(fields(repeated)).toEqual(["status"]);
    expect(repeated.detail).toContain("more than once");
  });

  it("refuses times PostgreSQL cannot store: year 0, and years past 9999 once in UTC", async () => {
    const range = (from: string, to: string) => stats(callApi(a.key, `/stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`), params());
    expect(fields(await expectProblem(await range("0000-01-01T00:00:00Z", "0000-01-02T00:00:00Z"), 422))).toEqual(["from", "to"]);
    expect(fields(await expectProblem(await range("9999-12-31T12:00:00Z", "9999-12-31T23:59:59-14:00"), 422))).toEqual(["to"]);
    expect((await range("0001-01-01T00:00:00Z", "0001-01-02T00:00:00Z")).status).toBe(200);

    const published = await publish(
      callApi(a.key, "/events", { method: "POST", body: JSON.stringify({ type: "t", data: {}, occurredAt: "0000-06-01T00:00:00Z" }) }),
      params(),
    );
    expect(fields(await expectProblem(published, 422))).toEqual(["occurredAt"]);
    const endpointId = "ep_01jzzzzzzzzzzzzzzzzzzzzzzz";
    const recover = await recoverEndpoint(
      callApi(a.key, `/endpoints/${endpointId}/recover`, { method: "POST", body: JSON.stringify({ since: "0000-01-01T00:00:00+01:00" }) }),
      idParams(endpointId),
    );
    expect(fields(await expectProblem(recover, 422))).toEqual(["since"]);
    expect(fields(await expectProblem(await listDeliveries(callApi(a.key, "/deliveries?until=0000-12-31T23:00:00Z"), params()), 422))).toEqual(["until"]);
  });

  it("refuses cursors this API did not make, whatever they decode to, with 422", async () => {
    const forged = (text: string) => Buffer.from(text).toString("base64url");
    for (const cursor of [
      forged("0000-01-01T00:00:00.000Z|et_01jzzzzzzzzzzzzzzzzzzzzzzz"),
      forged("+275760-09-13T00:00:00.000Z|et_01jzzzzzzzzzzzzzzzzzzzzzzz"),
      forged("2026-01-01T00:00:00.000Z|et_\u0000"),
      forged("2026-01-01T00:00:00.000Z|et_01jzzzzzzzzzzzzzzzzzzzzzzz|extra"),
      forged("1|et_01jzzzzzzzzzzzzzzzzzzzzzzz"),
      "abc",
    ]) {
      const problem = await expectProblem(await listTypes(call(a.key, { path: `?cursor=${cursor}` }), params()), 422);
      expect(fields(problem), cursor).toEqual(["cursor"]);
    }
  });
});

describe("routes open to the tenant portal", () => {
  it("cannot be defined without a tenant field to confine a portal caller to", () => {
    const handler = async () => ({});
    expect(() => apiRoute({ scope: "deliveries:read", portal: "read", query: z.strictObject({ limit: z.number() }) }, handler)).toThrow(/needs a tenant field/);
    expect(() => apiRoute({ scope: "deliveries:write", portal: "write" }, handler)).toThrow(/needs a tenant field/);
    expect(() => apiRoute({ scope: "deliveries:read", portal: "read", query: z.strictObject({ tenant: z.string().optional() }) }, handler)).not.toThrow();
    expect(() => apiRoute({ scope: "event-types:read", portal: "catalog" }, handler)).not.toThrow();
  });
});
