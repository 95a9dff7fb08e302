// Publishing against an Inngest server whose send fails: the events are stored and answered as
// such, and the sweeper hands them over later, once each. The "Inngest server" here is the
// client's send, replaced by one that can be down and otherwise gives the events to the embedded
// engine, which ignores a repeated event id as an Inngest server does.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { serve } from "inngest/next";
import { afterAll, afterEach, beforeAll, describe, expect, it, type MockInstance, vi } from "vitest";
import { POST as publishBatch } from "@/app/api/v1/events/batch/route";
import { POST as publishOne } from "@/app/api/v1/events/route";
import { db } from "@/db";
import { engineCron, engineRuns } from "@/db/engine-schema";
import { deliveries, events } from "@/db/schema";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { redispatchEvents } from "@/inngest/functions/redispatch-events";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { Executor } from "@/lib/engine/executor";
import { type IncomingEvent, ingestEvents } from "@/lib/engine/ingest";
import { handlerTransport } from "@/lib/engine/protocol";
import { dispatchEvents, REDISPATCH_GRACE_SECONDS, redispatchWaitingEvents } from "@/lib/events/dispatch";
import { log } from "@/lib/log";
import { renderMetrics } from "@/lib/metrics/registry";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { startReceiver } from "@/test/receiver";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";

const system = { type: "system", id: null } as const;
let executor: Executor;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  // Tern's functions with the sweeper, which the embedded engine itself does not register.
  const handler = serve({ client: inngest, functions: [...functions, redispatchEvents], ...({ skipSignatureValidation: true } as object) });
  executor = new Executor({ transport: handlerTransport(handler), serveUrl: "http://localhost/api/inngest", pollMs: 100, log: () => {} });
  await executor.start();
  receiver = await startReceiver();
});
afterAll(async () => {
  await executor.stop();
  await receiver.close();
});

let serverDown = false;
let send: MockInstance<typeof inngest.send>;
let warn: MockInstance;

/** The ids of the events sent to the Inngest server. */
const sentIds = () => send.mock.calls.flatMap(([payload]) => [payload].flat().map((event) => (event as { id: string }).id));

function withInngestServer() {
  process.env.TERN_ENGINE = "inngest";
  serverDown = false;
  send = vi.spyOn(inngest, "send").mockImplementation(async (payload) => {
    if (serverDown) throw new TypeError("fetch failed");
    const sent = [payload].flat() as IncomingEvent[];
    return { ids: await ingestEvents(sent) };
  });
  warn = vi.spyOn(log, "warn").mockImplementation(() => {});
}
afterEach(() => {
  delete process.env.TERN_ENGINE;
  vi.restoreAllMocks();
});

async function workspaceWithEndpoint(path: string) {
  const { workspace } = await createOwnedWorkspace();
  const { key } = await createApiKey(workspace.id, { name: "sweeper", scopes: [] }, system);
  await createEndpoint(workspace.id, createEndpointInput.parse({ url: receiver.url(path), eventTypes: ["*"] }), system);
  return { workspaceId: workspace.id, key };
}

const post = async (route: typeof publishOne, url: string, key: string, body: unknown, headers: Record<string, string> = {}) => {
  const response = await route(
    new Request(url, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
  return { status: response.status, body: await response.json() };
};

const undispatched = (workspaceId: string) =>
  db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), isNull(events.dispatchedAt)));

/** Moves the events just past the sweeper's grace period. */
const age = (workspaceId: string) =>
  db
    .update(events)
    .set({ createdAt: sql`${events.createdAt} - make_interval(secs => ${REDISPATCH_GRACE_SECONDS + 1})` })
    .where(eq(events.workspaceId, workspaceId));

async function redispatchedTotal(): Promise<number> {
  const { body } = await renderMetrics();
  return Number(/^tern_events_redispatched_total (\d+)$/m.exec(body)![1]);
}

describe("publishing when the hand-over to the Inngest server fails", () => {
  it("answers 202 for the stored events, warns once for both requests without their data, and leaves them undispatched", async () => {
    const { workspaceId, key } = await workspaceWithEndpoint("/sweeper/answer");
    withInngestServer();
    serverDown = true;

    const one = await post(publishOne, "http://localhost/api/v1/events", key, { type: "order.paid", data: { card: "private-1" } });
    expect(one.status).toBe(202);
    const batch = await post(publishBatch, "http://localhost/api/v1/events/batch", key, {
      events: [
        { type: "order.paid", data: { card: "private-2" } },
        { type: "order.paid", data: { card: "private-3" }, tenant: "cus_sweeper" },
      ],
    });
    expect(batch.status).toBe(200);
    expect(batch.body.data.map((result: { status: number }) => result.status)).toEqual([202, 202]);

    const stored = await undispatched(workspaceId);
    expect(stored.map((event) => event.id).sort()).toEqual([one.body.id, ...batch.body.data.map((result: { id: string }) => result.id)].sort());
    // The second failure within ten seconds is counted into the next warning, not logged on its own.
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls.map(([fields]) => (fields as { events: number }).events)).toEqual([1]);
    expect(JSON.stringify(warn.mock.calls)).not.toContain("private-");
  });

  it("hands the event over when its idempotency key is published again, storing it once", async () => {
    const { workspaceId, key } = await workspaceWithEndpoint("/sweeper/again");
    withInngestServer();
    serverDown = true;
    const first = await post(publishOne, "http://localhost/api/v1/events", key, { type: "order.paid", data: {} }, { "idempotency-key": "again-1" });
    serverDown = false;
    const again = await post(publishOne, "http://localhost/api/v1/events", key, { type: "order.paid", data: {} }, { "idempotency-key": "again-1" });

    expect([first.status, again.status]).toEqual([202, 202]);
    expect(again.body.id).toBe(first.body.id);
    expect(await db.$count(events, eq(events.workspaceId, workspaceId))).toBe(1);
    expect(await undispatched(workspaceId)).toEqual([]);
    await eventually(() => receiver.received.some((r) => r.path === "/sweeper/again"), "the event's delivery");
  });
});

describe("the sweeper", () => {
  it("leaves an event within its grace period, then hands it over once, and it is delivered once", async () => {
    const { workspaceId, key } = await workspaceWithEndpoint("/sweeper/once");
    withInngestServer();
    serverDown = true;
    const published = await post(publishBatch, "http://localhost/api/v1/events/batch", key, {
      events: [
        { type: "order.paid", data: { n: 1 } },
        { type: "order.paid", data: { n: 2 } },
      ],
    });
    const ids: string[] = published.body.data.map((result: { id: string }) => result.id);
    serverDown = false;
    send.mockClear();
    const fanOutsSent = () => sentIds().filter((id) => ids.some((event) => id === `fan-out-${event}`));

    // A publish still sending its events is not raced (other tests' events may be old enough).
    await redispatchWaitingEvents();
    expect(fanOutsSent()).toEqual([]);
    expect(await undispatched(workspaceId)).toHaveLength(2);

    const before = await redispatchedTotal();
    await age(workspaceId);
    await db.update(engineCron).set({ nextAt: sql`now() - interval '1 second'` }).where(eq(engineCron.functionId, "tern-redispatch-events"));
    await eventually(async () => (await undispatched(workspaceId)).length === 0, "the sweeper's hand-over");
    expect(fanOutsSent()).toHaveLength(2);
    expect(await redispatchedTotal()).toBeGreaterThanOrEqual(before + 2);

    // Sent again (a sweep racing a slow publish): the server ignores the repeated fan-out ids.
    const stored = await db.select().from(events).where(inArray(events.id, ids));
    await dispatchEvents(stored.map((event) => ({ ...event, dispatchedAt: null })));

    const delivered = await eventually(async () => {
      const rows = await db.select().from(deliveries).where(eq(deliveries.workspaceId, workspaceId));
      return rows.length === 2 && rows.every((row) => row.status === "succeeded") ? rows : undefined;
    }, "both deliveries");
    expect(delivered.map((row) => row.eventId).sort()).toEqual([...ids].sort());
    expect(
      await db.$count(
        engineRuns,
        and(eq(engineRuns.functionId, "tern-fan-out"), sql`${engineRuns.event}->'data'->>'eventId' = any(${sql.param(ids)}::text[])`),
      ),
    ).toBe(2);
    expect(receiver.received.filter((r) => r.path === "/sweeper/once")).toHaveLength(2);
  });

  it("leaves the events to the next sweep when the Inngest server is still down", async () => {
    const { workspaceId, key } = await workspaceWithEndpoint("/sweeper/down");
    withInngestServer();
    serverDown = true;
    await post(publishOne, "http://localhost/api/v1/events", key, { type: "order.paid", data: {} });
    await age(workspaceId);

    await expect(redispatchWaitingEvents()).rejects.toThrow("fetch failed");
    expect(await undispatched(workspaceId)).toHaveLength(1);
  });
});

describe("the embedded engine", () => {
  it("marks the events dispatched in the statement that stores them, sends nothing after it, and registers no sweeper", async () => {
    const { workspaceId, key } = await workspaceWithEndpoint("/sweeper/embedded");
    const send = vi.spyOn(inngest, "send");
    const published = await post(publishOne, "http://localhost/api/v1/events", key, { type: "order.paid", data: {} });

    expect(published.status).toBe(202);
    expect(await undispatched(workspaceId)).toEqual([]);
    expect(send).not.toHaveBeenCalled();
    expect(functions.map((fn) => fn.id())).not.toContain(redispatchEvents.id());
  });

  it("is alone in not registering the sweeper: against an Inngest server it is served beside the same functions", async () => {
    process.env.TERN_ENGINE = "inngest";
    vi.resetModules();
    const served = (await import("@/inngest/functions")).functions.map((fn) => fn.id());
    expect(served).toContain(redispatchEvents.id());
    expect(served.filter((id) => id !== redispatchEvents.id())).toEqual(functions.map((fn) => fn.id()));
  });
});
