// POST /api/v1/events/batch end to end: real Postgres, the embedded executor and a loopback
// receiver. Each event of a batch is checked, stored and answered on its own, in order; valid ones
// are delivered signed, refused ones leave nothing behind, and idempotency keys, tenants, strict
// mode and the wide fan-out behave as they do for one event at a time.
import { and, eq, inArray, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as publishBatch } from "@/app/api/v1/events/batch/route";
import { POST as publishOne } from "@/app/api/v1/events/route";
import { db } from "@/db";
import { engineRuns } from "@/db/engine-schema";
import { deliveries, events, tenants, workspaces } from "@/db/schema";
import { inngest } from "@/inngest/client";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { createEventType } from "@/lib/event-types/event-types";
import { INLINE_FAN_OUT_LIMIT } from "@/lib/events/fan-out";
import { MAX_EVENT_DATA_BYTES } from "@/lib/events/schemas";
import { createPortalSessionInput } from "@/lib/portal/schemas";
import { createPortalSession } from "@/lib/portal/sessions";
import { createTenant } from "@/lib/tenants/tenants";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { engineAndReceiverForFile, startTernExecutor } from "@/test/tern-engine";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";

const system = { type: "system", id: null } as const;
const engine = engineAndReceiverForFile();
afterEach(() => {
  delete process.env.TERN_API_RATE_LIMIT;
  delete process.env.TERN_API_RATE_BURST;
});

type Result = { index: number; status: number; id?: string; tenantId?: string | null; duplicate?: boolean; detail?: string; errors?: { field: string }[] };

const request = (url: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(url, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
const noParams = { params: Promise.resolve({}) };

async function post(token: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await publishBatch(request("http://localhost/api/v1/events/batch", token, body, headers), noParams);
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** Posts a batch that must be read, and returns its per-event results. */
async function results(token: string, batch: unknown[]): Promise<Result[]> {
  const response = await post(token, { events: batch });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.data;
}

async function workspaceWithKey() {
  const { workspace } = await createOwnedWorkspace();
  const { key } = await createApiKey(workspace.id, { name: "batch", scopes: [] }, system);
  return { workspaceId: workspace.id, key };
}

async function endpoint(workspaceId: string, path: string, eventTypes = ["*"], tenant?: string) {
  return createEndpoint(workspaceId, createEndpointInput.parse({ url: engine.receiver.url(path), eventTypes, tenant }), system);
}

const storedEvents = (workspaceId: string) => db.select().from(events).where(eq(events.workspaceId, workspaceId));
const requestsTo = (path: string) => engine.receiver.received.filter((r) => r.path === path);

describe("POST /api/v1/events/batch", () => {
  it("stores and delivers the valid events of a mixed batch, answering each in order, and stores nothing for the refused ones", async () => {
    const { workspaceId, key } = await workspaceWithKey();
    const target = await endpoint(workspaceId, "/batch/mixed", ["order.*"]);

    const answered = await results(key, [
      { type: "order.created", data: { n: 0 } },
      { type: "order.created", data: "not an object" },
      { type: "tern.endpoint.created", data: {} },
      { type: "order.created", data: { blob: "x".repeat(MAX_EVENT_DATA_BYTES) } },
      { type: "order.created", data: {}, bogus: true },
      { type: "order.paid", data: { n: 5 }, occurredAt: "2026-11-22T10:00:00Z" },
      { type: "order.created", data: {}, tenant: "tnt_01jzzzzzzzzzzzzzzzzzzzzzzz" },
    ]);

    expect(answered.map((result) => [result.index, result.status])).toEqual([
      [0, 202],
      [1, 422],
      [2, 422],
      [3, 413],
      [4, 422],
      [5, 202],
      [6, 422],
    ]);
    expect(answered[1]).toMatchObject({ type: "about:blank", title: "Unprocessable Entity", errors: [{ field: "events.1.data" }] });
    expect(answered[2]).toMatchObject({ errors: [{ field: "events.2.type" }], detail: expect.stringContaining("tern.* types") });
    expect(answered[3]).toMatchObject({ title: "Payload Too Large", errors: [{ field: "events.3.data" }] });
    expect(answered[4]!.errors![0]!.field).toBe("events.4");
    expect(answered[6]).toMatchObject({ errors: [{ field: "events.6.tenant" }], detail: expect.stringContaining("No tenant with the id") });

    const [first, second] = [answered[0]!, answered[5]!];
    expect(first).toMatchObject({ id: expect.stringMatching(/^evt_/), type: "order.created", tenantId: null, createdAt: expect.any(String) });
    expect((await storedEvents(workspaceId)).map((event) => event.id).sort()).toEqual([first.id, second.id].sort());

    await eventually(() => requestsTo("/batch/mixed").length === 2, "both deliveries");
    const payloads = requestsTo("/batch/mixed").map((received) =>
      new Webhook(target.secret).verify(received.body, received.headers as Record<string, string>),
    ) as { id: string; type: string; timestamp: string; data: unknown }[];
    expect(payloads.sort((a, b) => a.type.localeCompare(b.type))).toEqual([
      { id: first.id, type: "order.created", timestamp: expect.any(String), data: { n: 0 } },
      { id: second.id, type: "order.paid", timestamp: "2026-11-22T10:00:00.000Z", data: { n: 5 } },
    ]);
  });

  it("answers a repeated idempotency key with the first event, within a batch and across batches and routes, and delivers it once", async () => {
    const { workspaceId, key } = await workspaceWithKey();
    await endpoint(workspaceId, "/batch/once");

    const first = await results(key, [
      { type: "job.done", data: { n: 1 }, idempotencyKey: "k1" },
      { type: "job.done", data: { n: 2 }, idempotencyKey: "k1" },
      { type: "job.done", data: { n: 3 }, idempotencyKey: "k2" },
      // Refused, so the key is still free for the event after it, as if they were published one after the other.
      { type: "tern.endpoint.created", data: {}, idempotencyKey: "k3" },
      { type: "job.done", data: { n: 4 }, idempotencyKey: "k3" },
    ]);
    expect(first.map((result) => [result.status, result.duplicate])).toEqual([
      [202, undefined],
      [200, true],
      [202, undefined],
      [422, undefined],
      [202, undefined],
    ]);
    expect(first[1]!.id).toBe(first[0]!.id);

    const again = await results(key, [
      { type: "job.done", data: { n: 5 }, idempotencyKey: "k2" },
      { type: "job.done", data: { n: 6 }, idempotencyKey: "k4" },
    ]);
    expect(again.map((result) => [result.status, result.id])).toEqual([
      [200, first[2]!.id],
      [202, expect.not.stringMatching(new RegExp(`^(${first.map((r) => r.id).join("|")})$`))],
    ]);
    const single = await publishOne(request("http://localhost/api/v1/events", key, { type: "job.done", data: {}, idempotencyKey: "k4" }), noParams);
    expect(await single.json()).toMatchObject({ id: again[1]!.id });
    const viaBatch = await results(key, [{ type: "job.done", data: {}, idempotencyKey: "k1" }]);
    expect(viaBatch[0]).toMatchObject({ status: 200, duplicate: true, id: first[0]!.id });

    const stored = await storedEvents(workspaceId);
    expect(stored).toHaveLength(4);
    await eventually(async () => (await engine.executor.idle()) && requestsTo("/batch/once").length >= 4, "a delivery per event");
    const webhookIds = requestsTo("/batch/once").map((received) => received.headers["webhook-id"]);
    expect(webhookIds.sort()).toEqual(stored.map((event) => event.id).sort());
  });

  it("sends each event only to its own tenant's endpoints, creates a new key's tenant once, and refuses another workspace's tenant like an unknown one", async () => {
    const { workspaceId, key } = await workspaceWithKey();
    const a = await createTenant(workspaceId, { key: "cus_a", metadata: {} }, system);
    const b = await createTenant(workspaceId, { key: "cus_b", metadata: {} }, system);
    const aEndpoint = await endpoint(workspaceId, "/batch/tenant-a", ["*"], a.id);
    const bEndpoint = await endpoint(workspaceId, "/batch/tenant-b", ["*"], b.id);
    const own = await endpoint(workspaceId, "/batch/own");
    const { workspace: other } = await createOwnedWorkspace();
    const theirs = await createTenant(other.id, { key: "cus_theirs", metadata: {} }, system);
    const theirsBefore = await db.$count(tenants, eq(tenants.workspaceId, other.id));

    const answered = await results(key, [
      { type: "invoice.paid", data: { to: "a" }, tenant: "cus_a" },
      { type: "invoice.paid", data: { to: "b" }, tenant: b.id },
      { type: "invoice.paid", data: { to: "new" }, tenant: "cus_new" },
      { type: "invoice.paid", data: { to: "new again" }, tenant: "cus_new" },
      { type: "invoice.paid", data: {}, tenant: theirs.id },
      { type: "invoice.paid", data: {}, tenant: "tnt_01jzzzzzzzzzzzzzzzzzzzzzzz" },
      { type: "invoice.paid", data: { to: "own" } },
    ]);

    expect(answered.map((result) => result.status)).toEqual([202, 202, 202, 202, 422, 422, 202]);
    const created = await db
      .select()
      .from(tenants)
      .where(and(eq(tenants.workspaceId, workspaceId), eq(tenants.key, "cus_new")));
    expect(created).toHaveLength(1);
    expect(answered.map((result) => result.tenantId)).toEqual([a.id, b.id, created[0]!.id, created[0]!.id, undefined, undefined, null]);
    // Another workspace's tenant id gets the very answer an id that names nothing gets.
    expect(answered[4]!.detail!.replace(theirs.id, "<id>")).toBe(answered[5]!.detail!.replace("tnt_01jzzzzzzzzzzzzzzzzzzzzzzz", "<id>"));
    expect(await db.$count(tenants, eq(tenants.workspaceId, other.id))).toBe(theirsBefore);
    expect(await db.$count(events, eq(events.workspaceId, other.id))).toBe(0);

    const endpointsOf = async (id: string) =>
      (await db.select({ endpointId: deliveries.endpointId }).from(deliveries).where(eq(deliveries.eventId, id))).map((row) => row.endpointId);
    expect(await endpointsOf(answered[0]!.id!)).toEqual([aEndpoint.id]);
    expect(await endpointsOf(answered[1]!.id!)).toEqual([bEndpoint.id]);
    expect(await endpointsOf(answered[2]!.id!)).toEqual([]);
    expect(await endpointsOf(answered[6]!.id!)).toEqual([own.id]);
    await eventually(
      () => ["/batch/tenant-a", "/batch/tenant-b", "/batch/own"].every((path) => requestsTo(path).length === 1),
      "one delivery to each tenant's endpoint and the workspace's own",
    );
  });

  it("checks strict mode per event, naming the failing path from the body's root", async () => {
    const { workspaceId, key } = await workspaceWithKey();
    await db.update(workspaces).set({ strictEventTypes: true }).where(eq(workspaces.id, workspaceId));
    const schema = { type: "object", required: ["amount"], properties: { amount: { type: "number" } } };
    await createEventType(workspaceId, { name: "invoice.paid", description: "", schema }, system);

    const answered = await results(key, [
      { type: "invoice.paid", data: { amount: 12 } },
      { type: "invoice.paid", data: { amount: "12" } },
      { type: "invoice.voided", data: {} },
      { type: "invoice.paid", data: { amount: 13 } },
    ]);

    expect(answered.map((result) => result.status)).toEqual([202, 422, 422, 202]);
    expect(answered[1]).toMatchObject({ errors: [{ field: "events.1.data.amount" }], detail: expect.stringMatching(/^data\.amount: must be number/) });
    expect(answered[2]).toMatchObject({ errors: [{ field: "events.2.type" }], detail: expect.stringContaining("not in this workspace's event type catalog") });
    expect(await db.$count(events, eq(events.workspaceId, workspaceId))).toBe(2);
  });

  it("hands an event with more matching endpoints than the inline limit to the fan-out function, and creates the others' deliveries at once", async () => {
    const { workspaceId, key } = await workspaceWithKey();
    for (let i = 0; i <= INLINE_FAN_OUT_LIMIT; i++) await endpoint(workspaceId, `/batch/wide/${i}`, ["wide.*"]);
    await endpoint(workspaceId, "/batch/narrow", ["narrow.*"]);

    const [wide, narrow] = await results(key, [
      { type: "wide.report", data: {} },
      { type: "narrow.report", data: {} },
    ]);

    expect(await db.$count(deliveries, eq(deliveries.eventId, narrow!.id!))).toBe(1);
    const fanOuts = await db.select({ event: engineRuns.event }).from(engineRuns).where(eq(engineRuns.functionId, "tern-fan-out"));
    expect(fanOuts.map((run) => run.event.data.eventId)).toContain(wide!.id);
    await eventually(
      async () => (await db.$count(deliveries, eq(deliveries.eventId, wide!.id!))) === INLINE_FAN_OUT_LIMIT + 1,
      "a delivery to every wide endpoint",
    );
  }, 60_000);

  it("refuses a body that is no batch as a whole, a batch-wide Idempotency-Key, and a portal token", async () => {
    const { workspaceId, key } = await workspaceWithKey();
    const tooMany = Array.from({ length: 101 }, () => ({ type: "job.done", data: {} }));
    for (const body of [{ events: [] }, { events: tooMany }, { events: {} }, { event: [{ type: "job.done", data: {} }] }, [{ type: "job.done", data: {} }]]) {
      const response = await post(key, body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
    // Text PostgreSQL cannot store is refused wherever it is, before any event is read.
    const nul = await post(key, {
      events: [
        { type: "job.done", data: {} },
        { type: "job.done", data: { note: "a\u0000b" } },
      ],
    });
    expect(nul).toMatchObject({ status: 422, body: { errors: [{ field: "events.1.data.note" }] } });
    const keyed = await post(key, { events: [{ type: "job.done", data: {} }] }, { "idempotency-key": "whole-batch" });
    expect(keyed).toMatchObject({ status: 422, body: { errors: [{ field: "idempotencyKey" }] } });

    const tenant = await createTenant(workspaceId, { key: "cus_portal", metadata: {} }, system);
    const { token } = await createPortalSession(workspaceId, tenant.id, createPortalSessionInput.parse({}), system, "https://tern.example.com");
    const portal = await post(token, { events: [{ type: "job.done", data: {} }] });
    expect(portal.status).toBe(403);
    expect(await db.$count(events, eq(events.workspaceId, workspaceId))).toBe(0);
  });

  it("counts each event as a request against the key's rate limit; a batch larger than the burst passes from a full bucket and is paid for after", async () => {
    process.env.TERN_API_RATE_LIMIT = "1";
    process.env.TERN_API_RATE_BURST = "10";
    const { key } = await workspaceWithKey();
    const batchOf = (count: number) => ({ events: Array.from({ length: count }, (_, n) => ({ type: "job.done", data: { n } })) });

    expect((await post(key, batchOf(6))).status).toBe(200);
    const refused = await post(key, batchOf(6));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);

    const { key: fresh } = await workspaceWithKey();
    expect((await post(fresh, batchOf(40))).status).toBe(200);
    // 40 tokens taken from 10 at 1 per second: the key waits about 30 s before its next request.
    const indebted = await post(fresh, batchOf(1));
    expect(indebted.status).toBe(429);
    expect(Number(indebted.headers.get("retry-after"))).toBeGreaterThanOrEqual(30);
  });
});

describe("publishing batches at once, and with an Inngest server", () => {
  it("stores each idempotency key once when two batches carrying the same keys race, in any order", async () => {
    const { workspaceId, key } = await workspaceWithKey();
    const batch = Array.from({ length: 10 }, (_, n) => ({ type: "race.run", data: { n }, idempotencyKey: `race-${n}`, tenant: `cus_race_${n % 2}` }));
    const [forwards, backwards] = await Promise.all([results(key, batch), results(key, [...batch].reverse())]);

    expect(await db.$count(events, eq(events.workspaceId, workspaceId))).toBe(10);
    expect(await db.$count(tenants, eq(tenants.workspaceId, workspaceId))).toBe(2);
    expect(forwards.map((result) => result.id)).toEqual(backwards.map((result) => result.id).reverse());
    for (const result of [...forwards, ...backwards]) expect([202, 200]).toContain(result.status);
  });

  it("with an Inngest server, stores the batch first and then sends each new event's fan-out in one send", async () => {
    const { workspaceId, key } = await workspaceWithKey();
    await endpoint(workspaceId, "/batch/inngest");
    const storedWhenSent: number[] = [];
    const send = vi.spyOn(inngest, "send").mockImplementation(async () => {
      storedWhenSent.push(await db.$count(events, eq(events.workspaceId, workspaceId)));
      return { ids: [] };
    });
    const engine = process.env.TERN_ENGINE;
    process.env.TERN_ENGINE = "inngest";
    try {
      const answered = await results(key, [
        { type: "job.done", data: {} },
        { type: "job.done", data: {}, tenant: "cus_inngest" },
      ]);
      expect(answered.map((result) => result.status)).toEqual([202, 202]);
      expect(storedWhenSent).toEqual([2]);
      const sent = send.mock.calls[0]![0] as unknown as { name: string; data: { eventId: string } }[];
      expect(sent.map((event) => event.data.eventId).sort()).toEqual(answered.map((result) => result.id).sort());
      expect((await storedEvents(workspaceId)).every((event) => event.dispatchedAt !== null)).toBe(true);
    } finally {
      if (engine === undefined) delete process.env.TERN_ENGINE;
      else process.env.TERN_ENGINE = engine;
      send.mockRestore();
    }
  });
});

describe("publishing's statement", () => {
  it("stores every event of a batch with its deliveries, new tenant and runs in one transaction", async () => {
    const { workspaceId, key } = await workspaceWithKey();
    await engine.executor.stop(); // the runs stay as the statement wrote them
    try {
      await endpoint(workspaceId, "/batch/xmin");
      const answered = await results(
        key,
        Array.from({ length: 20 }, (_, n) => ({ type: "job.done", data: { n }, tenant: n === 0 ? "cus_xmin" : undefined })),
      );
      const ids = answered.map((result) => result.id!);
      const [tenantId] = answered.map((result) => result.tenantId);
      const xmins = await db.execute<{ xmin: string }>(sql`
        select xmin::text from ${events} where ${inArray(events.id, ids)}
        union select xmin::text from ${deliveries} where ${inArray(deliveries.eventId, ids)}
        union select xmin::text from ${tenants} where ${eq(tenants.id, tenantId!)}
        union select xmin::text from ${engineRuns} where ${engineRuns.event}->'data'->>'deliveryId' in (select ${deliveries.id} from ${deliveries} where ${inArray(deliveries.eventId, ids)})`);
      expect(xmins).toHaveLength(1);
      expect(
        await db.$count(engineRuns, sql`${engineRuns.event}->'data'->>'endpointId' is not null and ${engineRuns.status} = 'queued'`),
      ).toBeGreaterThanOrEqual(19);
    } finally {
      engine.executor = await startTernExecutor();
    }
  });

  it("writes nothing of the batch, not even its new tenant, when starting its runs fails", async () => {
    const { workspaceId, key } = await workspaceWithKey();
    await endpoint(workspaceId, "/batch/rollback");
    await db.execute(sql`create function refuse_runs() returns trigger language plpgsql as $$ begin raise exception 'runs refused'; end $$`);
    await db.execute(
      sql`create trigger refuse_runs before insert on ${engineRuns} for each row when (new.event->'data'->>'endpointId' is not null) execute function refuse_runs()`,
    );
    try {
      const response = await post(key, {
        events: [
          { type: "job.done", data: {} },
          { type: "job.done", data: {}, tenant: "cus_rollback" },
        ],
      });
      expect(response.status).toBe(500);
    } finally {
      await db.execute(sql`drop trigger refuse_runs on ${engineRuns}`);
      await db.execute(sql`drop function refuse_runs()`);
    }
    expect(await db.$count(events, eq(events.workspaceId, workspaceId))).toBe(0);
    expect(await db.$count(deliveries, eq(deliveries.workspaceId, workspaceId))).toBe(0);
    expect(await db.$count(tenants, eq(tenants.workspaceId, workspaceId))).toBe(0);
  });
});
