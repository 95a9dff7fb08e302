// Publishing through fan-out to delivery, end to end: real Postgres, the embedded executor
// driving the real functions, and real HTTP receivers on 127.0.0.1.
import { asc, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { engineRuns } from "@/db/engine-schema";
import { attempts, type Delivery, deliveries, endpoints } from "@/db/schema";
import { attemptDelivery } from "@/lib/deliveries/attempt";
import { recoverEndpoint, replayEvent, retryDelivery } from "@/lib/deliveries/manual";
import { listDeliveries } from "@/lib/deliveries/queries";
import { sendTestEvent } from "@/lib/deliveries/send-test-event";
import { createEndpoint, rotateSigningSecret } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { INLINE_FAN_OUT_LIMIT } from "@/lib/events/fan-out";
import { publishEvent } from "@/lib/events/publish";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { engineAndReceiverForFile } from "@/test/tern-engine";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
process.env.TERN_RETRY_SCHEDULE = "0.05,0.05,0.05";

const system = { type: "system", id: null } as const;
const engine = engineAndReceiverForFile();

async function endpoint(workspaceId: string, path: string, eventTypes: string[], extra: Record<string, unknown> = {}) {
  return createEndpoint(workspaceId, createEndpointInput.parse({ url: engine.receiver.url(path), eventTypes, ...extra }), system);
}

const requestsTo = (path: string) => engine.receiver.received.filter((r) => r.path === path);

async function settledDelivery(deliveryFilter: (d: Delivery) => boolean, description: string) {
  return eventually(async () => {
    const rows = await db.select().from(deliveries);
    const found = rows.find(deliveryFilter);
    return found && ["succeeded", "failed", "skipped"].includes(found.status) ? found : undefined;
  }, description);
}

const attemptsOf = (deliveryId: string) => db.select().from(attempts).where(eq(attempts.deliveryId, deliveryId)).orderBy(asc(attempts.number));

describe("publish → fan-out → deliver", () => {
  it("hands a fan-out wider than the inline limit to the fan-out function, which reaches every endpoint", async () => {
    const { workspace } = await createOwnedWorkspace();
    for (let i = 0; i <= INLINE_FAN_OUT_LIMIT; i++) await endpoint(workspace.id, `/wide/${i}`, ["*"]);
    const { event } = await publishEvent(workspace.id, { type: "report.ready", data: {} });
    // Nothing was created inline; the fan-out run creates all of them.
    expect(await db.select().from(deliveries).where(eq(deliveries.eventId, event.id))).toEqual([]);
    await eventually(
      () => new Set(engine.receiver.received.filter((r) => r.headers["webhook-id"] === event.id).map((r) => r.path)).size === INLINE_FAN_OUT_LIMIT + 1,
      "every endpoint of the wide fan-out",
    );
    const [fanOut] = await db.select().from(engineRuns).where(eq(engineRuns.functionId, "tern-fan-out"));
    expect(fanOut).toBeDefined();
  }, 60_000);

  it("delivers to exactly the endpoints whose filter matches, signed, with one webhook-id", async () => {
    const { workspace } = await createOwnedWorkspace();
    const exact = await endpoint(workspace.id, "/fan/exact", ["invoice.paid"]);
    const prefix = await endpoint(workspace.id, "/fan/prefix", ["invoice.*"]);
    await endpoint(workspace.id, "/fan/other", ["user.created"]);
    await endpoint(workspace.id, "/fan/off", ["*"], { enabled: false });

    const { event } = await publishEvent(workspace.id, { type: "invoice.paid", data: { amount: 4200, currency: "EUR" } });
    await eventually(
      async () => (await engine.executor.idle()) && requestsTo("/fan/exact").length === 1 && requestsTo("/fan/prefix").length === 1,
      "both deliveries",
    );

    expect(requestsTo("/fan/other")).toHaveLength(0);
    expect(requestsTo("/fan/off")).toHaveLength(0);
    for (const [path, secret] of [
      ["/fan/exact", exact.secret],
      ["/fan/prefix", prefix.secret],
    ] as const) {
      const [request] = requestsTo(path);
      expect(request!.headers["webhook-id"]).toBe(event.id);
      expect(request!.headers["content-type"]).toBe("application/json");
      expect(request!.headers["user-agent"]).toMatch(/^Tern-Webhooks\//);
      const payload = new Webhook(secret).verify(request!.body, request!.headers as Record<string, string>);
      expect(payload).toEqual({ id: event.id, type: "invoice.paid", timestamp: event.occurredAt.toISOString(), data: { amount: 4200, currency: "EUR" } });
    }
    const rows = await db.select().from(deliveries).where(eq(deliveries.eventId, event.id));
    expect(rows.map((d) => d.status)).toEqual(["succeeded", "succeeded"]);
  });

  it("signs with both secrets during a rotation's grace period", async () => {
    const { workspace } = await createOwnedWorkspace();
    const target = await endpoint(workspace.id, "/rotated", ["*"]);
    const { secret: newSecret } = await rotateSigningSecret(workspace.id, target.id, 3600, system);
    engine.receiver.setResponder((_request, response) => response.end());
    await publishEvent(workspace.id, { type: "secret.rotated", data: {} });
    await eventually(() => requestsTo("/rotated").length === 1, "the delivery");
    const [request] = requestsTo("/rotated");
    const headers = request!.headers as Record<string, string>;
    expect(headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(() => new Webhook(target.secret).verify(request!.body, headers)).not.toThrow();
    expect(() => new Webhook(newSecret).verify(request!.body, headers)).not.toThrow();
  });

  it("returns the original event for a repeated idempotency key and delivers once", async () => {
    const { workspace } = await createOwnedWorkspace();
    await endpoint(workspace.id, "/idem", ["order.created"]);
    const first = await publishEvent(workspace.id, { type: "order.created", data: { n: 1 }, idempotencyKey: "order-1" });
    const again = await publishEvent(workspace.id, { type: "order.created", data: { n: 2 }, idempotencyKey: "order-1" });
    expect(again).toMatchObject({ created: false, event: { id: first.event.id } });
    await eventually(async () => (await engine.executor.idle()) && requestsTo("/idem").length >= 1, "the delivery");
    expect(requestsTo("/idem")).toHaveLength(1);
  });

  it("records every attempt until the receiver recovers", async () => {
    const { workspace } = await createOwnedWorkspace();
    const target = await endpoint(workspace.id, "/flaky", ["job.done"]);
    let calls = 0;
    engine.receiver.setResponder((request, response) => {
      if (request.path === "/flaky" && ++calls <= 2) return response.writeHead(500).end("not yet");
      response.end("ok");
    });
    await publishEvent(workspace.id, { type: "job.done", data: {} });
    const delivery = await settledDelivery((d) => d.endpointId === target.id, "the flaky delivery");
    expect(delivery).toMatchObject({ status: "succeeded", attemptCount: 3, lastStatusCode: 200, nextAttemptAt: null });
    const recorded = await attemptsOf(delivery.id);
    expect(recorded.map((a) => [a.number, a.responseStatus, a.trigger])).toEqual([
      [1, 500, "scheduled"],
      [2, 500, "scheduled"],
      [3, 200, "scheduled"],
    ]);
    expect(recorded[0]!.error).toBe("Endpoint answered HTTP 500");
    expect(recorded[0]!.responseBody).toBe("not yet");
    expect(new Set(requestsTo("/flaky").map((r) => r.headers["webhook-id"])).size).toBe(1);
  });

  it("gives up after the schedule when the receiver always fails", async () => {
    const { workspace } = await createOwnedWorkspace();
    const target = await endpoint(workspace.id, "/down", ["job.done"]);
    engine.receiver.setResponder((request, response) => response.writeHead(request.path === "/down" ? 503 : 200).end());
    await publishEvent(workspace.id, { type: "job.done", data: {} });
    const delivery = await settledDelivery((d) => d.endpointId === target.id, "the failing delivery");
    expect(delivery).toMatchObject({ status: "failed", attemptCount: 4, lastStatusCode: 503, nextAttemptAt: null });
    expect(delivery.lastError).toBe("Endpoint answered HTTP 503");
  });

  it("disables an endpoint that answers 410 and announces it to subscribers", async () => {
    const { workspace } = await createOwnedWorkspace();
    const gone = await endpoint(workspace.id, "/gone", ["job.done"]);
    await endpoint(workspace.id, "/ops", ["tern.endpoint.disabled"]);
    engine.receiver.setResponder((request, response) => response.writeHead(request.path === "/gone" ? 410 : 200).end());
    await publishEvent(workspace.id, { type: "job.done", data: {} });
    const delivery = await settledDelivery((d) => d.endpointId === gone.id, "the 410 delivery");
    expect(delivery).toMatchObject({ status: "failed", attemptCount: 1 });
    // The attempt is recorded first, then the endpoint disabled in a write of its own.
    const row = await eventually(async () => {
      const [read] = await db.select().from(endpoints).where(eq(endpoints.id, gone.id));
      return read?.enabled === false ? read : undefined;
    }, "the endpoint disabled");
    expect(row).toMatchObject({ enabled: false, disabledReason: "The endpoint answered 410 Gone." });
    await eventually(() => requestsTo("/ops").length === 1, "the tern.endpoint.disabled notice");
    expect(JSON.parse(requestsTo("/ops")[0]!.body)).toMatchObject({
      type: "tern.endpoint.disabled",
      data: { endpointId: gone.id, url: gone.url, disabledBy: "delivery" },
    });
  });

  it("disables an endpoint whose attempts have all failed for TERN_DISABLE_AFTER, with 10 failures", async () => {
    const { workspace } = await createOwnedWorkspace();
    const failing = await endpoint(workspace.id, "/sustained", ["job.done"]);
    engine.receiver.setResponder((request, response) => response.writeHead(request.path === "/sustained" ? 500 : 200).end());
    // Nine failures over the last six days already; the next one crosses both thresholds.
    await db
      .update(endpoints)
      .set({ failingSince: new Date(Date.now() - 6 * 86_400_000), failedAttemptsSinceSuccess: 9 })
      .where(eq(endpoints.id, failing.id));
    await publishEvent(workspace.id, { type: "job.done", data: {} });
    const delivery = await settledDelivery((d) => d.endpointId === failing.id, "the last failing delivery");
    expect(delivery).toMatchObject({ status: "failed", attemptCount: 1 });
    const [row] = await db.select().from(endpoints).where(eq(endpoints.id, failing.id));
    expect(row).toMatchObject({ enabled: false, disabledReason: "Every attempt failed for more than 5 days (10 attempts)." });
  });

  it("spaces deliveries to an endpoint by its rate limit", async () => {
    const { workspace } = await createOwnedWorkspace();
    const limited = await endpoint(workspace.id, "/limited", ["tick"], { rateLimit: 5 });
    engine.receiver.setResponder((_request, response) => response.end());
    for (let i = 0; i < 8; i++) await publishEvent(workspace.id, { type: "tick", data: { i } });
    await eventually(() => requestsTo("/limited").length === 8, "every rate-limited delivery", 30_000);
    const times = requestsTo("/limited").map((r) => r.receivedAt);
    // 8 sends at 5/s need at least 7 gaps of 200 ms. The first goes out a few statements after its
    // slot was reserved (later still on a loaded machine), the others at their slots: allow for that lag.
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(7 * 200 - 150);
    // The receiver answers before the attempt is recorded: wait for the records, then check them.
    const rows = await eventually(async () => {
      const recorded = await db.select().from(deliveries).where(eq(deliveries.endpointId, limited.id));
      return recorded.every((row) => row.status !== "pending" && row.status !== "delivering") ? recorded : undefined;
    }, "every rate-limited delivery recorded");
    expect(rows.map((row) => [row.status, row.attemptCount])).toEqual(Array.from({ length: 8 }, () => ["succeeded", 1]));
  });

  it("honours Retry-After on 503", async () => {
    const { workspace } = await createOwnedWorkspace();
    const target = await endpoint(workspace.id, "/later", ["job.done"]);
    let calls = 0;
    engine.receiver.setResponder((request, response) => {
      if (request.path === "/later" && ++calls === 1) return response.writeHead(503, { "retry-after": "1" }).end();
      response.end();
    });
    await publishEvent(workspace.id, { type: "job.done", data: {} });
    await settledDelivery((d) => d.endpointId === target.id, "the throttled delivery");
    const [first, second] = requestsTo("/later");
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(950);
  });

  it("enforces the endpoint's timeout and retries", async () => {
    const { workspace } = await createOwnedWorkspace();
    const target = await endpoint(workspace.id, "/slow", ["job.done"], { timeoutMs: 1000 });
    let calls = 0;
    engine.receiver.setResponder((request, response) => {
      if (request.path === "/slow" && ++calls === 1) return; // never answers
      response.end();
    });
    await publishEvent(workspace.id, { type: "job.done", data: {} });
    const delivery = await settledDelivery((d) => d.endpointId === target.id, "the timed-out delivery");
    const recorded = await attemptsOf(delivery.id);
    expect(recorded[0]).toMatchObject({ responseStatus: null, error: "Timed out after 1000 ms" });
    expect(recorded[0]!.durationMs).toBeGreaterThanOrEqual(990);
    expect(delivery.status).toBe("succeeded");
  });

  it("records SSRF refusals on the attempt", async () => {
    const { workspace } = await createOwnedWorkspace();
    const target = await createEndpoint(
      workspace.id,
      createEndpointInput.parse({ url: `http://localhost:${engine.receiver.port}/private`, eventTypes: ["job.done"] }),
      system,
    );
    delete process.env.TERN_ALLOW_PRIVATE_NETWORKS;
    try {
      await publishEvent(workspace.id, { type: "job.done", data: {} });
      const delivery = await settledDelivery((d) => d.endpointId === target.id, "the refused delivery");
      const [first] = await attemptsOf(delivery.id);
      expect(first!.error).toMatch(/^Refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address$/);
      expect(requestsTo("/private")).toHaveLength(0);
    } finally {
      process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
    }
  });
});

describe("manual retry, replay and recover", () => {
  it("retries a failed delivery once, manually, and recovers an endpoint's failures", async () => {
    const { workspace } = await createOwnedWorkspace();
    const target = await endpoint(workspace.id, "/recover", ["job.done"]);
    let healthy = false;
    engine.receiver.setResponder((request, response) => response.writeHead(request.path === "/recover" && !healthy ? 500 : 200).end());
    const one = await publishEvent(workspace.id, { type: "job.done", data: { n: 1 } });
    const two = await publishEvent(workspace.id, { type: "job.done", data: { n: 2 } });
    const failedOne = await settledDelivery((d) => d.eventId === one.event.id, "the first failure");
    await settledDelivery((d) => d.eventId === two.event.id, "the second failure");

    healthy = true;
    await retryDelivery(workspace.id, failedOne.id, system);
    const retried = await eventually(async () => {
      const [row] = await db.select().from(deliveries).where(eq(deliveries.id, failedOne.id));
      return row?.status === "succeeded" ? row : undefined;
    }, "the manual retry");
    expect(retried.attemptCount).toBe(5);
    expect((await attemptsOf(failedOne.id)).at(-1)).toMatchObject({ number: 5, trigger: "manual", responseStatus: 200 });

    const recovered = await recoverEndpoint(workspace.id, target.id, new Date(Date.now() - 3_600_000), system);
    expect(recovered).toEqual({ count: 1 });
    await eventually(async () => {
      const rows = await db.select().from(deliveries).where(eq(deliveries.endpointId, target.id));
      return rows.every((row) => row.status === "succeeded");
    }, "the recovered delivery");
    await expect(recoverEndpoint(workspace.id, target.id, new Date(Date.now() - 15 * 86_400_000), system)).rejects.toThrow(/at most 14 days/);
  });

  it("sends a succeeded delivery again when asked by hand, and never by the schedule", async () => {
    const { workspace } = await createOwnedWorkspace();
    engine.receiver.setResponder((_request, response) => response.end());
    await endpoint(workspace.id, "/resend", ["job.done"]);
    const { event } = await publishEvent(workspace.id, { type: "job.done", data: {} });
    const delivered = await settledDelivery((d) => d.eventId === event.id, "the first delivery");
    expect(delivered).toMatchObject({ status: "succeeded", attemptCount: 1 });

    await expect(attemptDelivery(delivered.id, "scheduled")).resolves.toEqual({ done: true, status: "succeeded" });
    await retryDelivery(workspace.id, delivered.id, system);
    await eventually(() => requestsTo("/resend").length === 2, "the resend");
    await eventually(async () => (await attemptsOf(delivered.id)).length === 2, "the resend's attempt");
    expect((await attemptsOf(delivered.id)).map((a) => a.trigger)).toEqual(["scheduled", "manual"]);
  });

  it("replays an event to one endpoint, including one it never reached", async () => {
    const { workspace } = await createOwnedWorkspace();
    engine.receiver.setResponder((_request, response) => response.end());
    const { event } = await publishEvent(workspace.id, { type: "late.bloomer", data: {} });
    await eventually(() => engine.executor.idle(), "the fan-out, which finds no endpoint");
    const later = await endpoint(workspace.id, "/replay", ["*"]);
    expect(await replayEvent(workspace.id, event.id, later.id, system)).toEqual({ count: 1 });
    await eventually(() => requestsTo("/replay").length === 1, "the replayed event");
    expect(requestsTo("/replay")[0]!.headers["webhook-id"]).toBe(event.id);
    await expect(replayEvent(workspace.id, "evt_missing", undefined, system)).rejects.toThrow(/No such event/);
  });
});

describe("sendTestEvent", () => {
  it("sends one signed test event, answers with the response, and records a test attempt", async () => {
    const { workspace } = await createOwnedWorkspace();
    const target = await endpoint(workspace.id, "/test-button", ["*"], { headers: { authorization: "Bearer receiver-secret" } });
    engine.receiver.setResponder((_request, response) => response.writeHead(202, { "x-handled-by": "receiver" }).end("accepted"));
    const result = await sendTestEvent(workspace.id, target.id, { eventType: "invoice.paid", data: { test: true } }, system);
    expect(result).toMatchObject({ succeeded: true, status: 202, responseBody: "accepted", error: null, eventType: "invoice.paid" });
    expect(result.responseHeaders["x-handled-by"]).toBe("receiver");
    const [request] = requestsTo("/test-button");
    expect(new Webhook(target.secret).verify(request!.body, request!.headers as Record<string, string>)).toMatchObject({
      type: "invoice.paid",
      data: { test: true },
    });
    expect(request!.headers.authorization).toBe("Bearer receiver-secret");
    expect(request!.headers["webhook-id"]).toBe(result.eventId);
    const [attempt] = await db.select().from(attempts).where(eq(attempts.id, result.attemptId));
    expect(attempt).toMatchObject({ trigger: "test", deliveryId: result.deliveryId, responseStatus: 202 });
    expect(attempt!.requestHeaders.authorization).toBe("[redacted]");
    // It is in the history like any delivery, finished, and nothing schedules it again.
    const history = await listDeliveries(workspace.id, { limit: 10 });
    expect(history.data).toEqual([
      expect.objectContaining({ id: result.deliveryId, eventId: result.eventId, status: "succeeded", attemptCount: 1, nextAttemptAt: null }),
    ]);
  });
});
