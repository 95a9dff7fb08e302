// Whatever a receiver answers (NUL bytes, invalid UTF-8, gzip, odd or oversized headers), the
// attempt is recorded, its delivery moves on, and the webhook is sent once.
import { gzipSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getDelivery } from "@/app/api/v1/deliveries/[id]/route";
import { POST as testEndpoint } from "@/app/api/v1/endpoints/[id]/test/route";
import { db } from "@/db";
import { attempts, deliveries } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import type { Executor } from "@/lib/engine/executor";
import { publishEvent } from "@/lib/events/publish";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { type ReceivedRequest, startReceiver } from "@/test/receiver";
import { startTernExecutor } from "@/test/tern-engine";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
process.env.TERN_RETRY_SCHEDULE = "0.05,0.05,0.05";

const system = { type: "system", id: null } as const;
let executor: Executor;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

// JSON cut by a NUL byte, bytes that are not UTF-8, then a gzip stream.
const binaryBody = Buffer.concat([Buffer.from('{"ok":true}\u0000'), Buffer.from([0xff, 0xfe, 0xc3]), gzipSync("compressed")]);

beforeAll(async () => {
  executor = await startTernExecutor();
  receiver = await startReceiver((_request, response) => {
    // Header values go out as Latin-1 bytes: UTF-8 bytes, a lone Latin-1 byte, a C1 control character.
    response.setHeader("x-utf8", Buffer.from("café").toString("latin1"));
    response.setHeader("x-latin1", "caf\u00e9");
    response.setHeader("x-control", "a\u0085b");
    response.setHeader("content-encoding", "gzip");
    for (let i = 0; i < 150; i++) response.setHeader(`x-padding-${i}`, "p".repeat(60));
    response.writeHead(200).end(binaryBody);
  });
});
afterAll(async () => {
  await executor.stop();
  await receiver.close();
});

const requestsTo = (path: string) => receiver.received.filter((request: ReceivedRequest) => request.path === path);

async function binaryEndpoint(path: string) {
  const { workspace } = await createOwnedWorkspace();
  const endpoint = await createEndpoint(workspace.id, createEndpointInput.parse({ url: receiver.url(path), eventTypes: ["*"] }), system);
  return { workspace, endpoint };
}

function expectStoredAsReceived(attempt: { responseBody: string | null; responseBodyBinary: boolean; responseHeaders: Record<string, string> | null }) {
  expect(attempt.responseBodyBinary).toBe(true);
  expect(attempt.responseBody).toMatch(/^\{"ok":true\}\uFFFD\uFFFD/);
  expect(attempt.responseBody).not.toContain("\u0000");
  const headers = attempt.responseHeaders!;
  expect(headers).toMatchObject({ "x-utf8": "café", "x-latin1": "café", "x-control": "ab", "content-encoding": "gzip" });
  expect(Object.keys(headers).length).toBeLessThanOrEqual(100);
  expect(JSON.stringify(headers).length).toBeLessThanOrEqual(9 * 1024);
}

describe("a receiver answering bytes that are not text", () => {
  it("gets its attempt recorded once, the body flagged binary, the delivery finished", async () => {
    const { workspace, endpoint } = await binaryEndpoint("/binary");
    // A batch of three: one answer that could not be stored used to fail all of them.
    for (let i = 0; i < 3; i++) await publishEvent(workspace.id, { type: "file.ready", data: { i } });
    const settled = await eventually(async () => {
      const rows = await db.select().from(deliveries).where(eq(deliveries.endpointId, endpoint.id));
      return rows.length === 3 && rows.every((row) => row.status === "succeeded") ? rows : undefined;
    }, "three succeeded deliveries");
    expect(settled.map((row) => row.attemptCount)).toEqual([1, 1, 1]);
    await eventually(() => executor.idle(), "the engine to finish");
    expect(requestsTo("/binary")).toHaveLength(3);

    const recorded = await db.select().from(attempts).where(eq(attempts.endpointId, endpoint.id));
    expect(recorded).toHaveLength(3);
    for (const attempt of recorded) expectStoredAsReceived(attempt);

    const { key } = await createApiKey(workspace.id, { name: "reader", scopes: [] }, system);
    const response = await getDelivery(new Request(`http://localhost/api/v1/deliveries/${settled[0]!.id}`, { headers: { authorization: `Bearer ${key}` } }), {
      params: Promise.resolve({ id: settled[0]!.id }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).attempts[0]).toMatchObject({ responseBodyBinary: true, responseStatus: 200 });
  });

  it("answers a test send with the response as stored, not a 500", async () => {
    const { workspace, endpoint } = await binaryEndpoint("/binary-test");
    const { key } = await createApiKey(workspace.id, { name: "tester", scopes: [] }, system);
    const response = await testEndpoint(
      new Request(`http://localhost/api/v1/endpoints/${endpoint.id}/test`, { method: "POST", headers: { authorization: `Bearer ${key}` } }),
      { params: Promise.resolve({ id: endpoint.id }) },
    );
    expect(response.status).toBe(200);
    const result = await response.json();
    expect(result).toMatchObject({ succeeded: true, status: 200, responseBodyBinary: true });
    expect(requestsTo("/binary-test")).toHaveLength(1);
    const [attempt] = await db.select().from(attempts).where(eq(attempts.id, result.attemptId));
    expectStoredAsReceived(attempt!);
    expect(result.responseBody).toBe(attempt!.responseBody);
    expect(result.responseHeaders).toEqual(attempt!.responseHeaders);
  });
});
