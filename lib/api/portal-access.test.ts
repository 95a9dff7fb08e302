// The tenant portal as a client of the REST API, end to end (real Postgres, the embedded executor, a
// loopback receiver): a portal token reaches exactly the operations the portal needs, only for its
// own tenant of its own workspace, changes nothing when read-only, and is refused once it lapses.
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "@/app/api/v1/openapi.json/operations";
import { db } from "@/db";
import { attempts, auditLog, deliveries, endpoints, events, eventTypes, portalSessions, tenants } from "@/db/schema";
import type { DocumentedOperation } from "@/lib/api/openapi";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import type { Executor } from "@/lib/engine/executor";
import { createEventType } from "@/lib/event-types/event-types";
import { publishEvent } from "@/lib/events/publish";
import { createPortalSessionInput } from "@/lib/portal/schemas";
import { createPortalSession, revokePortalSessions } from "@/lib/portal/sessions";
import { createTenant } from "@/lib/tenants/tenants";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { startReceiver } from "@/test/receiver";
import { startTernExecutor } from "@/test/tern-engine";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
const system = { type: "system", id: null } as const;

// Every operation's portal access, decided here on purpose: a new operation fails this test until it is listed.
const PORTAL_ACCESS: Record<string, "read" | "write" | "catalog" | "none"> = {
  "POST /api/v1/events": "none",
  "POST /api/v1/events/batch": "none",
  "GET /api/v1/events": "read",
  "GET /api/v1/events/{id}": "read",
  "POST /api/v1/events/{id}/replay": "none",
  "GET /api/v1/endpoints": "read",
  "POST /api/v1/endpoints": "write",
  "GET /api/v1/endpoints/{id}": "read",
  "PATCH /api/v1/endpoints/{id}": "write",
  "DELETE /api/v1/endpoints/{id}": "write",
  "GET /api/v1/endpoints/{id}/secret": "write",
  "POST /api/v1/endpoints/{id}/secret/rotate": "write",
  "POST /api/v1/endpoints/{id}/test": "write",
  "POST /api/v1/endpoints/{id}/recover": "write",
  "GET /api/v1/deliveries": "read",
  "GET /api/v1/deliveries/{id}": "read",
  "POST /api/v1/deliveries/{id}/retry": "write",
  "POST /api/v1/deliveries/retry": "write",
  "GET /api/v1/stats": "read",
  "GET /api/v1/event-types": "catalog",
  "POST /api/v1/event-types": "none",
  "GET /api/v1/event-types/{name}": "catalog",
  "PATCH /api/v1/event-types/{name}": "none",
  "DELETE /api/v1/event-types/{name}": "none",
  "GET /api/v1/tenants": "none",
  "POST /api/v1/tenants": "none",
  "PUT /api/v1/tenants/{tenant}": "none",
  "GET /api/v1/tenants/{tenant}": "none",
  "PATCH /api/v1/tenants/{tenant}": "none",
  "DELETE /api/v1/tenants/{tenant}": "none",
  "POST /api/v1/tenants/{tenant}/portal-sessions": "none",
  "DELETE /api/v1/tenants/{tenant}/portal-sessions": "none",
  "GET /api/v1/audit-log": "none",
};
const nameOf = (op: DocumentedOperation) => `${op.method} ${op.path}`;

let executor: Executor;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

type Resources = { endpoint: string; event: string; delivery: string };
type Workspace = {
  workspaceId: string;
  apiKey: string;
  tenantA: string;
  tenantB: string;
  ofA: Resources;
  ofB: Resources;
  own: Resources;
  /** Tenant A's tokens. */
  writable: string;
  readOnly: string;
};
let ws: Workspace;
let other: Workspace;

function request(token: string, path: string, init: { method?: string; body?: unknown } = {}) {
  return new Request(`http://localhost${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

function operation(name: string): DocumentedOperation {
  const found = operations.find((op) => nameOf(op) === name);
  if (!found) throw new Error(`No operation ${name}`);
  return found;
}

/** Calls an operation by name, its {id}/{name}/{tenant} filled in. */
async function call(token: string, name: string, path: { id?: string; name?: string; tenant?: string; query?: string } = {}, body?: unknown) {
  const op = operation(name);
  const params = { id: path.id ?? "", name: path.name ?? "", tenant: path.tenant ?? "" };
  const url = op.path.replace(/\{(\w+)\}/g, (_, key: keyof typeof params) => encodeURIComponent(params[key])) + (path.query ? `?${path.query}` : "");
  const sentBody = body ?? (["POST", "PUT", "PATCH"].includes(op.method) ? {} : undefined);
  const response = await op.handler(request(token, url, { method: op.method, body: sentBody }), { params: Promise.resolve(params) });
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

async function expectStatus(answer: Promise<{ status: number; body: unknown }>, status: number, label = "") {
  const { status: got, body } = await answer;
  expect(got, `${label} ${JSON.stringify(body)}`).toBe(status);
  return body as Record<string, unknown> & { data: { id: string; tenantId: string | null }[]; detail: string };
}

/** What a request could have left behind in a workspace, once the engine has nothing left to do. */
async function footprint(workspaceId: string) {
  await eventually(() => executor.idle(), "the engine to be idle");
  const count = (table: typeof events | typeof deliveries | typeof attempts | typeof endpoints | typeof tenants | typeof auditLog | typeof eventTypes) =>
    db.$count(table, eq(table.workspaceId, workspaceId));
  const [endpointRows, tenantRows, typeRows] = await Promise.all([
    db.select().from(endpoints).where(eq(endpoints.workspaceId, workspaceId)),
    db.select().from(tenants).where(eq(tenants.workspaceId, workspaceId)),
    db.select().from(eventTypes).where(eq(eventTypes.workspaceId, workspaceId)),
  ]);
  return {
    events: await count(events),
    deliveries: await count(deliveries),
    attempts: await count(attempts),
    audit: await count(auditLog),
    endpointRows,
    tenantRows,
    typeRows,
    requests: receiver.received.length,
  };
}

async function publishSettled(workspaceId: string, tenant: string | undefined) {
  const { event } = await publishEvent(workspaceId, { type: "invoice.paid", data: { tenant: tenant ?? null }, tenant });
  const [delivery] = await eventually(async () => {
    const rows = await db.select().from(deliveries).where(eq(deliveries.eventId, event.id));
    return rows.length === 1 && rows[0]!.status === "succeeded" ? rows : undefined;
  }, `the delivery of ${event.id}`);
  return { event: event.id, delivery: delivery!.id };
}

async function seedWorkspace(label: string): Promise<Workspace> {
  const { workspace } = await createOwnedWorkspace(label);
  const { key: apiKey } = await createApiKey(workspace.id, { name: "portal-access", scopes: [] }, system);
  const tenantA = await createTenant(workspace.id, { key: "cus_a", metadata: {} }, system);
  const tenantB = await createTenant(workspace.id, { key: "cus_b", metadata: {} }, system);
  await createEventType(workspace.id, { name: "invoice.paid", description: `Paid (${label})` }, system);
  const endpointFor = async (path: string, tenant?: string) =>
    (
      await createEndpoint(
        workspace.id,
        createEndpointInput.parse({ url: receiver.url(`/${label}${path}`), eventTypes: ["*"], tenant, headers: { "x-receiver-token": `secret-${path}` } }),
        system,
      )
    ).id;
  const endpointA = await endpointFor("/a", tenantA.id);
  const endpointB = await endpointFor("/b", tenantB.id);
  const ownEndpoint = await endpointFor("/own");
  const a = await publishSettled(workspace.id, tenantA.id);
  const b = await publishSettled(workspace.id, tenantB.id);
  const own = await publishSettled(workspace.id, undefined);
  const session = (readOnly: boolean) =>
    createPortalSession(workspace.id, tenantA.id, createPortalSessionInput.parse({ readOnly }), system, "https://tern.example.com");
  return {
    workspaceId: workspace.id,
    apiKey,
    tenantA: tenantA.id,
    tenantB: tenantB.id,
    ofA: { endpoint: endpointA, ...a },
    ofB: { endpoint: endpointB, ...b },
    own: { endpoint: ownEndpoint, ...own },
    writable: (await session(false)).token,
    readOnly: (await session(true)).token,
  };
}

beforeAll(async () => {
  executor = await startTernExecutor();
  receiver = await startReceiver();
  ws = await seedWorkspace("w");
  other = await seedWorkspace("x");
});
afterAll(async () => {
  await executor.stop();
  await receiver.close();
});

/** The path values an operation is called with: tenant A's resources, unless `of` says whose. */
function pathFor(op: DocumentedOperation, of: Resources, workspace = ws) {
  const id = op.path.startsWith("/api/v1/endpoints/") ? of.endpoint : op.path.startsWith("/api/v1/events/") ? of.event : of.delivery;
  return { id, name: "invoice.paid", tenant: workspace.tenantA };
}

/** A body that passes each write operation's schema, so a refusal can only come from portal access or tenancy. */
function validBody(op: DocumentedOperation, of: Resources): unknown {
  const since = new Date(Date.now() - 3_600_000).toISOString();
  const bodies: Record<string, unknown> = {
    "POST /api/v1/events": { type: "invoice.paid", data: {} },
    "POST /api/v1/events/batch": { events: [{ type: "invoice.paid", data: {} }] },
    "POST /api/v1/endpoints": { url: receiver.url("/portal/new"), eventTypes: ["*"] },
    "PATCH /api/v1/endpoints/{id}": { description: "changed in the portal" },
    "POST /api/v1/endpoints/{id}/recover": { since },
    "POST /api/v1/endpoints/{id}/secret/rotate": {},
    "POST /api/v1/endpoints/{id}/test": {},
    "POST /api/v1/deliveries/retry": { ids: [of.delivery] },
    "POST /api/v1/event-types": { name: "order.created" },
    "PATCH /api/v1/event-types/{name}": { description: "changed" },
    "POST /api/v1/tenants": { key: "cus_new" },
    "PUT /api/v1/tenants/{tenant}": { name: "renamed" },
    "PATCH /api/v1/tenants/{tenant}": { name: "renamed" },
  };
  return bodies[nameOf(op)];
}

describe("which operations the portal reaches", () => {
  it("every operation has its portal access decided, and its route declares exactly that", () => {
    expect(operations.map(nameOf).sort()).toEqual(Object.keys(PORTAL_ACCESS).sort());
    for (const op of operations) expect(op.handler.config.portal ?? "none", nameOf(op)).toBe(PORTAL_ACCESS[nameOf(op)]);
  });

  it("a portal token on any other operation is refused with 403, and changes nothing", async () => {
    const before = await footprint(ws.workspaceId);
    for (const op of operations.filter((op) => PORTAL_ACCESS[nameOf(op)] === "none")) {
      const problem = await expectStatus(call(ws.writable, nameOf(op), pathFor(op, ws.ofA), validBody(op, ws.ofA)), 403, nameOf(op));
      expect(problem.detail, nameOf(op)).toBe("This operation is not available in the tenant portal.");
    }
    expect(await footprint(ws.workspaceId)).toEqual(before);
  });

  it("a read-only token is refused every write, the secret's reveal among them, and changes nothing", async () => {
    const before = await footprint(ws.workspaceId);
    const writes = operations.filter((op) => PORTAL_ACCESS[nameOf(op)] === "write");
    expect(writes.map(nameOf)).toContain("GET /api/v1/endpoints/{id}/secret");
    for (const op of writes) {
      const problem = await expectStatus(call(ws.readOnly, nameOf(op), pathFor(op, ws.ofA), validBody(op, ws.ofA)), 403, nameOf(op));
      expect(problem.detail, nameOf(op)).toBe("This portal link is read-only.");
    }
    expect(await footprint(ws.workspaceId)).toEqual(before);
  });

  it("a read-only token reads everything of its tenant, with custom header values redacted", async () => {
    for (const op of operations.filter((op) => ["read", "catalog"].includes(PORTAL_ACCESS[nameOf(op)]!))) {
      await expectStatus(call(ws.readOnly, nameOf(op), pathFor(op, ws.ofA)), 200, nameOf(op));
    }
    const endpoint = await expectStatus(call(ws.readOnly, "GET /api/v1/endpoints/{id}", { id: ws.ofA.endpoint }), 200);
    expect(endpoint.headers).toEqual({ "x-receiver-token": "[redacted]" });
    const writableView = await expectStatus(call(ws.writable, "GET /api/v1/endpoints/{id}", { id: ws.ofA.endpoint }), 200);
    expect(writableView.headers).toEqual({ "x-receiver-token": "secret-/a" });
  });
});

describe("one tenant of one workspace", () => {
  it("anything of another tenant, of the workspace's own, or of another workspace is not found, and nothing changes", async () => {
    const before = await footprint(ws.workspaceId);
    const beforeOther = await footprint(other.workspaceId);
    const withId = operations.filter((op) => PORTAL_ACCESS[nameOf(op)] !== "none" && op.path.includes("{id}"));
    expect(withId.length).toBe(10);
    for (const op of withId) {
      for (const [whose, of] of [
        ["tenant B", ws.ofB],
        ["the workspace's own", ws.own],
        ["another workspace's tenant A", other.ofA],
      ] as const) {
        const problem = await expectStatus(call(ws.writable, nameOf(op), pathFor(op, of), validBody(op, of)), 404, `${nameOf(op)} for ${whose}`);
        expect(problem.detail).toMatch(/^No such (endpoint|event|delivery)/);
      }
    }
    expect(await footprint(ws.workspaceId)).toEqual(before);
    expect(await footprint(other.workspaceId)).toEqual(beforeOther);
  });

  it("lists and stats show only the tenant's rows, whatever tenant the query names", async () => {
    for (const query of [undefined, "tenant=cus_b", `tenant=${ws.tenantB}`]) {
      const list = (name: string) => expectStatus(call(ws.readOnly, name, { query }), 200, `${name}?${query}`);
      expect((await list("GET /api/v1/endpoints")).data.map((row) => [row.id, row.tenantId])).toEqual([[ws.ofA.endpoint, ws.tenantA]]);
      expect((await list("GET /api/v1/events")).data.map((row) => [row.id, row.tenantId])).toEqual([[ws.ofA.event, ws.tenantA]]);
      expect((await list("GET /api/v1/deliveries")).data.map((row) => [row.id, row.tenantId])).toEqual([[ws.ofA.delivery, ws.tenantA]]);
      expect((await list("GET /api/v1/stats")).totals).toMatchObject({ total: 1, succeeded: 1 });
    }
    // The event catalog is the workspace's, shared by its tenants; another workspace's never shows.
    const types = await expectStatus(call(ws.readOnly, "GET /api/v1/event-types"), 200);
    expect(types.data).toEqual([expect.objectContaining({ name: "invoice.paid", description: "Paid (w)" })]);
    expect(await expectStatus(call(other.readOnly, "GET /api/v1/event-types/{name}", { name: "invoice.paid" }), 200)).toMatchObject({
      description: "Paid (x)",
    });
  });

  it("a filter beside another tenant's endpoint is refused rather than widened", async () => {
    for (const name of ["GET /api/v1/deliveries", "GET /api/v1/stats"]) {
      const problem = await expectStatus(call(ws.readOnly, name, { query: `endpointId=${ws.ofB.endpoint}` }), 422, name);
      expect(problem.errors).toEqual([{ field: "endpointId", message: expect.stringContaining(ws.ofB.endpoint) }]);
    }
  });

  it("an endpoint created in the portal is the tenant's whatever tenant the body names, and the change is audited as the portal", async () => {
    for (const tenant of [undefined, ws.tenantB, "cus_b"]) {
      const created = await expectStatus(
        call(ws.writable, "POST /api/v1/endpoints", {}, { url: receiver.url("/portal/created"), eventTypes: ["invoice.paid"], tenant }),
        201,
        `tenant ${tenant}`,
      );
      expect(created.tenantId).toBe(ws.tenantA);
      const audit = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.workspaceId, ws.workspaceId), eq(auditLog.targetId, created.id as string)));
      expect(audit.map(({ action, actorType, actorId }) => ({ action, actorType, actorId }))).toEqual([
        { action: "endpoint.created", actorType: "portal", actorId: ws.tenantA },
      ]);
      await expectStatus(call(ws.writable, "DELETE /api/v1/endpoints/{id}", { id: created.id as string }), 204);
    }
  });

  it("refuses an endpoint on a private address, as the API does, unless private networks are allowed", async () => {
    delete process.env.TERN_ALLOW_PRIVATE_NETWORKS;
    try {
      const before = await footprint(ws.workspaceId);
      const problem = await expectStatus(call(ws.writable, "POST /api/v1/endpoints", {}, { url: "http://127.0.0.1:9/hook", eventTypes: ["*"] }), 422);
      expect(problem.errors).toEqual([{ field: "url", message: expect.any(String) }]);
      const patched = await expectStatus(call(ws.writable, "PATCH /api/v1/endpoints/{id}", { id: ws.ofA.endpoint }, { url: "http://10.0.0.1/hook" }), 422);
      expect(patched.errors).toEqual([{ field: "url", message: expect.any(String) }]);
      expect(await footprint(ws.workspaceId)).toEqual(before);
    } finally {
      process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
    }
  });

  it("retrying many retries only the tenant's deliveries", async () => {
    const answer = await expectStatus(
      call(ws.writable, "POST /api/v1/deliveries/retry", {}, { ids: [ws.ofA.delivery, ws.ofB.delivery, ws.own.delivery, other.ofA.delivery] }),
      202,
    );
    expect(answer).toEqual({ count: 1 });
    await eventually(() => executor.idle(), "the engine to be idle");
    const retried = await db
      .select({ targetId: auditLog.targetId, actorType: auditLog.actorType, actorId: auditLog.actorId })
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, ws.workspaceId), eq(auditLog.action, "delivery.retried")));
    expect(retried).toEqual([{ targetId: ws.ofA.delivery, actorType: "portal", actorId: ws.tenantA }]);
  });
});

describe("a portal link's rate limit", () => {
  it("is its own, as an API key's is: past the burst it answers 429 with Retry-After, and the workspace's key is unaffected", async () => {
    const fresh = () => createPortalSession(ws.workspaceId, "cus_a", createPortalSessionInput.parse({ readOnly: true }), system, "https://tern.example.com");
    const [first, second] = [await fresh(), await fresh()];
    process.env.TERN_API_RATE_LIMIT = "1";
    process.env.TERN_API_RATE_BURST = "3";
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await call(first.token, "GET /api/v1/endpoints")).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(await call(first.token, "GET /api/v1/endpoints")).toMatchObject({ status: 429, body: { detail: expect.stringContaining("portal link") } });
      expect((await call(second.token, "GET /api/v1/endpoints")).status).toBe(200);
      expect((await call(ws.apiKey, "GET /api/v1/endpoints")).status).toBe(200);
    } finally {
      delete process.env.TERN_API_RATE_LIMIT;
      delete process.env.TERN_API_RATE_BURST;
    }
  });
});

describe("a portal link that no longer works", () => {
  const LAPSED = "This portal link has expired or was revoked. Ask for a new link where you opened this one.";

  async function expectLapsed(token: string) {
    for (const name of ["GET /api/v1/endpoints", "GET /api/v1/deliveries", "POST /api/v1/events", "GET /api/v1/tenants"]) {
      const { status, body } = await call(token, name);
      expect(status, name).toBe(401);
      expect(body, name).toMatchObject({ status: 401, detail: LAPSED });
    }
  }

  it("is refused with 401 and a clear problem when tampered with, expired or revoked", async () => {
    const fresh = () => createPortalSession(ws.workspaceId, "cus_a", createPortalSessionInput.parse({}), system, "https://tern.example.com");
    const { token } = await fresh();
    await expectLapsed(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`);
    await expectLapsed("tpt_short");

    const expiring = await fresh();
    await expectStatus(call(expiring.token, "GET /api/v1/endpoints"), 200);
    const tokenHash = createHash("sha256").update(expiring.token).digest("base64url");
    await db
      .update(portalSessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(portalSessions.tokenHash, tokenHash));
    await expectLapsed(expiring.token);

    await expectStatus(call(token, "GET /api/v1/endpoints"), 200);
    await revokePortalSessions(other.workspaceId, "cus_a", system);
    await expectStatus(call(token, "GET /api/v1/endpoints"), 200);
    await revokePortalSessions(ws.workspaceId, "cus_a", system);
    await expectLapsed(token);
    await expectLapsed(ws.writable);
    await expectLapsed(ws.readOnly);
  });
});
