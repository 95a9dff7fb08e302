// Contract tests for the history and endpoint-management routes, through their real handlers.
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getDelivery } from "@/app/api/v1/deliveries/[id]/route";
import { GET as listDeliveries } from "@/app/api/v1/deliveries/route";
import { DELETE as deleteEndpoint, GET as getEndpoint, PATCH as patchEndpoint } from "@/app/api/v1/endpoints/[id]/route";
import { POST as rotateSecret } from "@/app/api/v1/endpoints/[id]/secret/rotate/route";
import { GET as revealSecret } from "@/app/api/v1/endpoints/[id]/secret/route";
import { GET as getEvent } from "@/app/api/v1/events/[id]/route";
import { GET as listEvents } from "@/app/api/v1/events/route";
import { operations } from "@/app/api/v1/openapi.json/operations";
import { GET as stats } from "@/app/api/v1/stats/route";
import { db } from "@/db";
import { attempts, auditLog, deliveries, events } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/api-keys";
import type { ApiKeyScope } from "@/lib/api-keys/scopes";
import { apiKeyScopes } from "@/lib/api-keys/scopes";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { createEventType } from "@/lib/event-types/event-types";
import { newId } from "@/lib/ids";
import { createTenant } from "@/lib/tenants/tenants";
import { createOwnedWorkspace } from "@/test/fixtures";

const system = { type: "system", id: null } as const;

async function workspaceWithKey(scopes: ApiKeyScope[] = []) {
  const { workspace } = await createOwnedWorkspace();
  const { key, apiKey } = await createApiKey(workspace.id, { name: "contract", scopes }, system);
  const endpoint = await createEndpoint(workspace.id, createEndpointInput.parse({ url: "https://example.com/hook", eventTypes: ["*"] }), system);
  return { workspaceId: workspace.id, key, keyId: apiKey.id, endpoint };
}

/** An event with a delivery to `endpointId` and one attempt, written directly for speed. */
async function seedDelivery(workspaceId: string, endpointId: string, status: "succeeded" | "failed" = "succeeded", type = "order.created") {
  const eventId = newId("evt");
  const deliveryId = newId("dlv");
  await db.insert(events).values({ id: eventId, workspaceId, type, data: { n: 1 } });
  await db.insert(deliveries).values({ id: deliveryId, workspaceId, eventId, endpointId, eventType: type, status, attemptCount: 1 });
  await db.insert(attempts).values({
    id: newId("att"),
    workspaceId,
    deliveryId,
    endpointId,
    eventId,
    number: 1,
    trigger: "scheduled",
    requestHeaders: { "webhook-id": eventId },
    responseStatus: status === "succeeded" ? 200 : 500,
    durationMs: 12,
  });
  return { eventId, deliveryId };
}

function call(key: string, path: string, init: { method?: string; body?: unknown } = {}) {
  return new Request(`http://localhost/api/v1${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
const params = (id?: string) => ({ params: Promise.resolve<Record<string, string>>(id ? { id } : {}) });

let a: Awaited<ReturnType<typeof workspaceWithKey>>;
let b: Awaited<ReturnType<typeof workspaceWithKey>>;
beforeAll(async () => {
  a = await workspaceWithKey();
  b = await workspaceWithKey();
});

describe("endpoint management", () => {
  it("updates, reveals, rotates and deletes; other workspaces get 404 for all of it", async () => {
    const id = a.endpoint.id;
    const patched = await patchEndpoint(call(a.key, `/endpoints/${id}`, { method: "PATCH", body: { description: "Billing", enabled: false } }), params(id));
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ description: "Billing", enabled: false, disabledReason: "Disabled by an operator." });
    const reenabled = await (await patchEndpoint(call(a.key, `/endpoints/${id}`, { method: "PATCH", body: { enabled: true } }), params(id))).json();
    expect(reenabled).toMatchObject({ enabled: true, disabledReason: null });

    const revealed = await (await revealSecret(call(a.key, `/endpoints/${id}/secret`), params(id))).json();
    expect(revealed).toEqual({ secret: a.endpoint.secret, previousSecret: null, previousSecretExpiresAt: null });
    const rotated = await rotateSecret(call(a.key, `/endpoints/${id}/secret/rotate`, { method: "POST", body: { graceSeconds: 600 } }), params(id));
    expect(rotated.status).toBe(200);
    const { secret } = await rotated.json();
    const afterRotation = await (await revealSecret(call(a.key, `/endpoints/${id}/secret`), params(id))).json();
    expect(afterRotation).toMatchObject({ secret, previousSecret: a.endpoint.secret });
    const tooLong = await rotateSecret(call(a.key, `/endpoints/${id}/secret/rotate`, { method: "POST", body: { graceSeconds: 8 * 86_400 } }), params(id));
    expect(tooLong.status).toBe(422);

    const audited = await db
      .select({ action: auditLog.action, actorType: auditLog.actorType, actorId: auditLog.actorId })
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, a.workspaceId), eq(auditLog.targetId, id)));
    expect(audited.map((row) => row.action)).toEqual(expect.arrayContaining(["endpoint.updated", "endpoint.secret_revealed", "endpoint.secret_rotated"]));
    expect(audited.filter((row) => row.action !== "endpoint.created").every((row) => row.actorType === "api_key" && row.actorId === a.keyId)).toBe(true);

    for (const response of [
      await getEndpoint(call(b.key, `/endpoints/${id}`), params(id)),
      await patchEndpoint(call(b.key, `/endpoints/${id}`, { method: "PATCH", body: { description: "x" } }), params(id)),
      await revealSecret(call(b.key, `/endpoints/${id}/secret`), params(id)),
      await rotateSecret(call(b.key, `/endpoints/${id}/secret/rotate`, { method: "POST", body: {} }), params(id)),
      await deleteEndpoint(call(b.key, `/endpoints/${id}`, { method: "DELETE" }), params(id)),
    ]) {
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }

    const scratch = await createEndpoint(a.workspaceId, createEndpointInput.parse({ url: "https://example.com/x", eventTypes: ["*"] }), system);
    expect((await deleteEndpoint(call(a.key, `/endpoints/${scratch.id}`, { method: "DELETE" }), params(scratch.id))).status).toBe(204);
    expect((await getEndpoint(call(a.key, `/endpoints/${scratch.id}`), params(scratch.id))).status).toBe(404);
  });
});

describe("history", () => {
  it("lists deliveries by filter and shows one with its attempts", async () => {
    const ok = await seedDelivery(a.workspaceId, a.endpoint.id, "succeeded", "invoice.paid");
    const bad = await seedDelivery(a.workspaceId, a.endpoint.id, "failed", "invoice.paid");
    await seedDelivery(b.workspaceId, b.endpoint.id, "failed", "invoice.paid");

    const failed = await (await listDeliveries(call(a.key, "/deliveries?status=failed&eventType=invoice.paid"), params())).json();
    expect(failed.data.map((d: { id: string }) => d.id)).toEqual([bad.deliveryId]);
    const byEndpoint = await (await listDeliveries(call(a.key, `/deliveries?endpointId=${a.endpoint.id}&since=2000-01-01T00:00:00Z`), params())).json();
    expect(byEndpoint.data.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining([ok.deliveryId, bad.deliveryId]));
    expect((await listDeliveries(call(a.key, "/deliveries?status=lost"), params())).status).toBe(422);

    const detail = await (await getDelivery(call(a.key, `/deliveries/${ok.deliveryId}`), params(ok.deliveryId))).json();
    expect(detail).toMatchObject({ id: ok.deliveryId, status: "succeeded", attempts: [{ number: 1, responseStatus: 200 }] });
    expect((await getDelivery(call(b.key, `/deliveries/${ok.deliveryId}`), params(ok.deliveryId))).status).toBe(404);

    const typed = await (await listEvents(call(a.key, "/events?type=invoice.paid"), params())).json();
    expect(typed.data.map((e: { id: string }) => e.id).sort()).toEqual([ok.eventId, bad.eventId].sort());
    const event = await (await getEvent(call(a.key, `/events/${ok.eventId}`), params(ok.eventId))).json();
    expect(event).toMatchObject({ id: ok.eventId, deliveries: [{ id: ok.deliveryId }] });
    expect((await getEvent(call(b.key, `/events/${ok.eventId}`), params(ok.eventId))).status).toBe(404);
  });

  it("walks every page without gaps or repeats while new deliveries arrive", async () => {
    const t = await workspaceWithKey();
    const initial = new Set<string>();
    for (let i = 0; i < 23; i++) initial.add((await seedDelivery(t.workspaceId, t.endpoint.id)).deliveryId);
    // Some share one created_at, so the id tie-breaker is exercised too.
    await db.update(deliveries).set({ createdAt: sql`date_trunc('second', created_at)` }).where(eq(deliveries.workspaceId, t.workspaceId));

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/deliveries?limit=5${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await (await listDeliveries(call(t.key, path), params())).json();
      seen.push(...page.data.map((d: { id: string }) => d.id));
      cursor = page.nextCursor;
      await seedDelivery(t.workspaceId, t.endpoint.id); // newer than everything being walked
    } while (cursor);
    expect(seen).toHaveLength(initial.size);
    expect(new Set(seen)).toEqual(initial);
  });
});

describe("GET /api/v1/stats", () => {
  it("summarises the workspace's deliveries over the range", async () => {
    const t = await workspaceWithKey();
    await seedDelivery(t.workspaceId, t.endpoint.id, "succeeded");
    await seedDelivery(t.workspaceId, t.endpoint.id, "succeeded");
    await seedDelivery(t.workspaceId, t.endpoint.id, "succeeded");
    await seedDelivery(t.workspaceId, t.endpoint.id, "failed");
    await seedDelivery(b.workspaceId, b.endpoint.id, "failed");
    const response = await stats(call(t.key, `/stats?endpointId=${t.endpoint.id}&bucket=hour`), params());
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      bucket: "hour",
      totals: { succeeded: 3, failed: 1, pending: 0, skipped: 0, total: 4 },
      successRate: 0.75,
      attemptsPerDelivery: 1,
      latencyMs: { p50: 12, p95: 12, p99: 12 },
      statusCodes: expect.arrayContaining([
        { status: "200", count: 3 },
        { status: "500", count: 1 },
      ]),
      topFailingEndpoints: [{ endpointId: t.endpoint.id, url: "https://example.com/hook", failed: 1 }],
    });
    expect(body.series.reduce((sum: number, point: { succeeded: number }) => sum + point.succeeded, 0)).toBe(3);
    expect((await stats(call(t.key, "/stats?from=2026-11-22T10:00:00Z&to=2026-11-01T00:00:00Z"), params())).status).toBe(422);
  });
});

describe("every operation", () => {
  it("refuses another workspace's ids with 404 and a key without its scope with 403", async () => {
    const owner = await workspaceWithKey();
    const { eventId, deliveryId } = await seedDelivery(owner.workspaceId, owner.endpoint.id);
    await createEventType(owner.workspaceId, { name: "owner.only", description: "" }, system);
    // By id: a PUT of a key from another workspace creates that workspace's own tenant of the key.
    const ownerTenant = await createTenant(owner.workspaceId, { key: "owner-only", metadata: {} }, system);
    const ids: Record<string, string> = {
      "/api/v1/events/{id}": eventId,
      "/api/v1/events/{id}/replay": eventId,
      "/api/v1/deliveries/{id}": deliveryId,
      "/api/v1/deliveries/{id}/retry": deliveryId,
      "/api/v1/event-types/{name}": "owner.only",
      "/api/v1/tenants/{tenant}": ownerTenant.id,
    };
    const bodies: Record<string, unknown> = { "/api/v1/endpoints/{id}/recover": { since: new Date(Date.now() - 3_600_000).toISOString() } };
    const stranger = await workspaceWithKey();
    for (const op of operations) {
      const id = ids[op.path] ?? owner.endpoint.id;
      const url = op.path.replace("/api/v1", "").replace(/\{\w+\}/, id);
      const body = ["POST", "PUT", "PATCH"].includes(op.method) ? (bodies[op.path] ?? {}) : undefined;
      const withName = { params: Promise.resolve<Record<string, string>>({ id, name: id, tenant: id }) };

      const unscoped = await workspaceWithKey(apiKeyScopes.filter((scope) => scope !== op.handler.config.scope));
      const refused = await op.handler(call(unscoped.key, url, { method: op.method, body }), withName);
      expect(refused.status, `${op.method} ${op.path} without ${op.handler.config.scope}`).toBe(403);
      expect(refused.headers.get("content-type")).toBe("application/problem+json");

      if (!op.path.includes("{")) continue;
      const foreign = await op.handler(call(stranger.key, url, { method: op.method, body }), withName);
      expect(foreign.status, `${op.method} ${op.path} from another workspace`).toBe(404);
    }
  });
});

describe("API keys", () => {
  it("are refused routes outside their scopes", async () => {
    const readOnly = await workspaceWithKey(["endpoints:read"]);
    expect((await getEndpoint(call(readOnly.key, `/endpoints/${readOnly.endpoint.id}`), params(readOnly.endpoint.id))).status).toBe(200);
    const refused = await listDeliveries(call(readOnly.key, "/deliveries"), params());
    expect(refused.status).toBe(403);
    expect((await refused.json()).detail).toBe("This API key lacks the deliveries:read scope.");
  });

  it("are rate-limited with 429 and Retry-After", async () => {
    process.env.TERN_API_RATE_LIMIT = "1";
    process.env.TERN_API_RATE_BURST = "3";
    try {
      const limited = await workspaceWithKey();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await listDeliveries(call(limited.key, "/deliveries"), params())).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await listDeliveries(call(limited.key, "/deliveries"), params());
      expect(refused.headers.get("retry-after")).toBe("1");
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
    } finally {
      delete process.env.TERN_API_RATE_LIMIT;
      delete process.env.TERN_API_RATE_BURST;
    }
  });
});
