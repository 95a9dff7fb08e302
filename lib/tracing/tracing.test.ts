// Traces end to end: an OTLP/HTTP receiver on loopback gets the spans of a publish through the
// real route handler and of every attempt the embedded executor makes, all in the publish's trace.
import { type ProxyTracerProvider, trace } from "@opentelemetry/api";
import type { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as publishBatchRoute } from "@/app/api/v1/events/batch/route";
import { POST as publishRoute } from "@/app/api/v1/events/route";
import { db } from "@/db";
import { deliveries } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import type { Executor } from "@/lib/engine/executor";
import { INLINE_FAN_OUT_LIMIT } from "@/lib/events/fan-out";
import { traceContext } from "@/lib/tracing/spans";
import { startTracing } from "@/lib/tracing/start-tracing";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { startReceiver } from "@/test/receiver";
import { startTernExecutor } from "@/test/tern-engine";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
process.env.TERN_RETRY_SCHEDULE = "0.05,0.05";

const system = { type: "system", id: null } as const;
const SECRET = "s3cret-never-exported";

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: OtlpValue }[];
  status?: { code?: number };
};
type ExportRequest = {
  resourceSpans: { resource: { attributes: { key: string; value: OtlpValue }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
};
type Span = Omit<OtlpSpan, "attributes"> & { attributes: Record<string, string | number | boolean | undefined> };

const attributeValue = (value: OtlpValue) =>
  value.stringValue ?? (value.intValue === undefined ? (value.boolValue ?? value.doubleValue) : Number(value.intValue));

let collector: Awaited<ReturnType<typeof startReceiver>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let executor: Executor;
let provider: NodeTracerProvider | undefined;

const exports = () => collector.received.filter((request) => request.path === "/v1/traces").map((request) => JSON.parse(request.body) as ExportRequest);
const exportedSpans = (): Span[] =>
  exports().flatMap((request) =>
    request.resourceSpans.flatMap((resource) =>
      resource.scopeSpans.flatMap((scope) =>
        scope.spans.map((span) => ({ ...span, attributes: Object.fromEntries((span.attributes ?? []).map((a) => [a.key, attributeValue(a.value)])) })),
      ),
    ),
  );

describe("without OTEL_EXPORTER_OTLP_ENDPOINT", () => {
  it("starts no provider: spans are the API's no-ops and engine events carry no trace", () => {
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    expect(startTracing()).toBeUndefined();
    expect((trace.getTracerProvider() as ProxyTracerProvider).getDelegate().constructor.name).toBe("NoopTracerProvider");
    expect(trace.getTracer("tern").startSpan("anything").isRecording()).toBe(false);
    expect(traceContext()).toEqual({});
  });
});

describe("with OTEL_EXPORTER_OTLP_ENDPOINT", () => {
  beforeAll(async () => {
    collector = await startReceiver();
    receiver = await startReceiver();
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url("");
    provider = startTracing();
    executor = await startTernExecutor();
  });
  afterAll(async () => {
    await executor?.stop();
    await provider?.shutdown();
    await receiver?.close();
    await collector?.close();
  });

  async function publishThroughApi(workspaceId: string, type: string) {
    const { key } = await createApiKey(workspaceId, { name: "traced", scopes: [] }, system);
    const request = new Request("http://localhost/api/v1/events", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ type, data: { note: SECRET } }),
    });
    const response = await publishRoute(request, { params: Promise.resolve({}) });
    expect(response.status).toBe(202);
    return ((await response.json()) as { id: string }).id;
  }

  const settled = (eventId: string, count: number) =>
    eventually(async () => {
      const rows = await db.select().from(deliveries).where(eq(deliveries.eventId, eventId));
      return rows.length === count && rows.every((row) => row.status === "succeeded") && (await executor.idle()) ? rows : undefined;
    }, `${count} succeeded deliveries of ${eventId}`);

  /** Every span so far, once the batch processor has sent them. */
  async function flushedSpans(): Promise<Span[]> {
    await provider!.forceFlush();
    return exportedSpans();
  }

  it("exports the publish request's span and every attempt's, first and retried, in one trace with the event and delivery ids", async () => {
    const { workspace } = await createOwnedWorkspace();
    let failedOnce = false;
    receiver.setResponder((request, response) => {
      const fail = request.path.startsWith("/flaky") && !failedOnce;
      failedOnce ||= fail;
      response.writeHead(fail ? 500 : 200).end();
    });
    const endpoint = await createEndpoint(
      workspace.id,
      createEndpointInput.parse({ url: receiver.url(`/flaky?token=${SECRET}`), eventTypes: ["*"], headers: { "x-api-token": SECRET } }),
      system,
    );

    const eventId = await publishThroughApi(workspace.id, "invoice.paid");
    const [delivery] = await settled(eventId, 1);
    expect(delivery!.attemptCount).toBe(2);

    const spans = await flushedSpans();
    const publish = spans.find((span) => span.attributes["tern.event.id"] === eventId && span.name === "POST /api/v1/events");
    expect(publish).toBeDefined();
    expect(publish!.attributes).toMatchObject({
      "tern.event.type": "invoice.paid",
      "tern.workspace.id": workspace.id,
      "http.request.method": "POST",
      "http.route": "/api/v1/events",
      "http.response.status_code": 202,
    });

    const attempts = spans.filter((span) => span.name === "webhook attempt" && span.attributes["tern.event.id"] === eventId);
    expect(attempts.map((span) => span.attributes["tern.attempt.number"]).toSorted()).toEqual([1, 2]);
    for (const attempt of attempts) {
      expect(attempt.traceId).toBe(publish!.traceId);
      expect(attempt.parentSpanId).toBe(publish!.spanId);
      expect(attempt.attributes).toMatchObject({
        "tern.delivery.id": delivery!.id,
        "tern.endpoint.id": endpoint.id,
        "tern.attempt.trigger": "scheduled",
        "server.address": "127.0.0.1",
      });
    }
    const byNumber = (n: number) => attempts.find((span) => span.attributes["tern.attempt.number"] === n)!;
    expect(byNumber(1).attributes["http.response.status_code"]).toBe(500);
    expect(byNumber(1).status?.code).toBe(2);
    expect(byNumber(2).attributes["http.response.status_code"]).toBe(200);

    const exported = JSON.stringify(exports());
    expect(exported).not.toContain(SECRET);
    expect(exported).not.toContain("/flaky");
    expect(spans.some((span) => span.name === "inngest.execution")).toBe(false);
    const resource = exports()[0]!.resourceSpans[0]!.resource.attributes;
    expect(resource).toContainEqual({ key: "service.name", value: { stringValue: "tern" } });
  });

  it("gives each attempt of a batch its own delivery's trace", async () => {
    receiver.setResponder((_request, response) => response.end("ok"));
    const { workspace } = await createOwnedWorkspace();
    await createEndpoint(workspace.id, createEndpointInput.parse({ url: receiver.url("/batched"), eventTypes: ["*"] }), system);
    const eventIds = await Promise.all(["a", "b", "c"].map((name) => publishThroughApi(workspace.id, `order.${name}`)));
    for (const eventId of eventIds) await settled(eventId, 1);

    const spans = await flushedSpans();
    for (const eventId of eventIds) {
      const publish = spans.find((span) => span.attributes["tern.event.id"] === eventId && span.name === "POST /api/v1/events")!;
      const attempt = spans.find((span) => span.attributes["tern.event.id"] === eventId && span.name === "webhook attempt")!;
      expect(attempt.traceId).toBe(publish.traceId);
      expect(attempt.parentSpanId).toBe(publish.spanId);
    }
    expect(new Set(eventIds.map((eventId) => spans.find((span) => span.attributes["tern.event.id"] === eventId)!.traceId)).size).toBe(3);
  });

  it("puts every attempt of a published batch in the batch request's trace, whose span counts the events", async () => {
    receiver.setResponder((_request, response) => response.end("ok"));
    const { workspace } = await createOwnedWorkspace();
    await createEndpoint(workspace.id, createEndpointInput.parse({ url: receiver.url("/batch-traced"), eventTypes: ["*"] }), system);
    const { key } = await createApiKey(workspace.id, { name: "traced batch", scopes: [] }, system);
    const response = await publishBatchRoute(
      new Request("http://localhost/api/v1/events/batch", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({
          events: [
            { type: "order.a", data: {} },
            { type: "order.b", data: {} },
            { type: "tern.refused", data: {} },
          ],
        }),
      }),
      { params: Promise.resolve({}) },
    );
    const eventIds = ((await response.json()) as { data: { id?: string }[] }).data.flatMap((result) => result.id ?? []);
    expect(eventIds).toHaveLength(2);
    for (const eventId of eventIds) await settled(eventId, 1);

    const spans = await flushedSpans();
    const publish = spans.find((span) => span.name === "POST /api/v1/events/batch" && span.attributes["tern.workspace.id"] === workspace.id)!;
    expect(publish.attributes).toMatchObject({ "tern.batch.events": 3, "tern.batch.created": 2, "tern.batch.refused": 1 });
    const attempts = spans.filter((span) => span.name === "webhook attempt" && eventIds.includes(String(span.attributes["tern.event.id"])));
    expect(attempts).toHaveLength(2);
    for (const attempt of attempts) expect(attempt).toMatchObject({ traceId: publish.traceId, parentSpanId: publish.spanId });
  });

  it("puts the fan-out function's span and the attempts it requests in the publish's trace", async () => {
    receiver.setResponder((_request, response) => response.end("ok"));
    const { workspace } = await createOwnedWorkspace();
    const count = INLINE_FAN_OUT_LIMIT + 1;
    for (let i = 0; i < count; i++) {
      await createEndpoint(workspace.id, createEndpointInput.parse({ url: receiver.url(`/many/${i}`), eventTypes: ["*"] }), system);
    }
    const eventId = await publishThroughApi(workspace.id, "user.created");
    await settled(eventId, count);

    const spans = await flushedSpans();
    const publish = spans.find((span) => span.attributes["tern.event.id"] === eventId && span.name === "POST /api/v1/events")!;
    const fanOut = spans.find((span) => span.name === "fan-out" && span.attributes["tern.event.id"] === eventId);
    expect(fanOut).toMatchObject({ traceId: publish.traceId, parentSpanId: publish.spanId });
    expect(fanOut!.attributes).toMatchObject({ "tern.workspace.id": workspace.id, "tern.deliveries": count });
    const attempts = spans.filter((span) => span.name === "webhook attempt" && span.attributes["tern.event.id"] === eventId);
    expect(attempts).toHaveLength(count);
    expect(new Set(attempts.map((span) => span.traceId))).toEqual(new Set([publish.traceId]));
  });
});
