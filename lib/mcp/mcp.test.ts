// The MCP server driven by the official SDK's client over real HTTP, against the real route.
import type { IncomingHttpHeaders } from "node:http";
import { createInterface } from "node:readline";
import { PassThrough } from "node:stream";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type CallToolResult, LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/mcp/route";
import { operations } from "@/app/api/v1/openapi.json/operations";
import { createApiKey } from "@/lib/api-keys/api-keys";
import type { ApiKeyScope } from "@/lib/api-keys/scopes";
import type { Executor } from "@/lib/engine/executor";
import { createEventType } from "@/lib/event-types/event-types";
import { EVENT_TYPES_URI, VERIFYING_SIGNATURES_URI } from "@/lib/mcp/resources";
import { bridgeStdioToHttp } from "@/lib/mcp/stdio-bridge";
import { createPortalSession } from "@/lib/portal/sessions";
import { createTenant } from "@/lib/tenants/tenants";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { startReceiver } from "@/test/receiver";
import { serveRoute } from "@/test/route-server";
import { startTernExecutor } from "@/test/tern-engine";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
const SYSTEM = { type: "system", id: null } as const;

let executor: Executor;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let mcp: Awaited<ReturnType<typeof serveRoute>>;
// The secret the receiver verifies with, once the agent has created its endpoint.
let signingSecret = "";

const headerValues = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value ?? ""].flat().join(", ")]));

beforeAll(async () => {
  executor = await startTernExecutor();
  // A receiver as the verification guide describes it: it accepts only webhooks whose signature checks out.
  receiver = await startReceiver((request, response) => {
    try {
      new Webhook(signingSecret).verify(request.body, headerValues(request.headers));
      response.writeHead(204).end();
    } catch {
      response.writeHead(400, { "content-type": "text/plain" }).end("invalid signature");
    }
  });
  mcp = await serveRoute({ POST });
});
afterAll(async () => {
  await executor.stop();
  await receiver.close();
  await mcp.close();
});

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

async function keyFor(scopes: ApiKeyScope[] = []) {
  const { workspace } = await createOwnedWorkspace();
  const { key, apiKey } = await createApiKey(workspace.id, { name: "agent", scopes }, SYSTEM);
  return { workspaceId: workspace.id, key, keyId: apiKey.id };
}

const transportFor = (key: string) => new StreamableHTTPClientTransport(mcp.url("/api/mcp"), { requestInit: { headers: { authorization: `Bearer ${key}` } } });

async function connect(key: string): Promise<Client> {
  const client = new Client({ name: "tern-test-agent", version: "1.0.0" });
  await client.connect(transportFor(key));
  clients.push(client);
  return client;
}

/** A tool call's answer: the operation's JSON, or its problem+json when the call failed. */
async function call(client: Client, name: string, args: Record<string, unknown> = {}) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const [content] = result.content;
  if (content?.type !== "text") throw new Error(`${name} answered no text`);
  return { isError: result.isError === true, body: JSON.parse(content.text) };
}

/** A resource's text, read as an agent reads it. */
async function readText(client: Client, uri: string) {
  const [content] = (await client.readResource({ uri })).contents;
  if (!content || !("text" in content)) throw new Error(`${uri} has no text`);
  return { mimeType: content.mimeType, text: content.text };
}

const toolNames = async (client: Client) => (await client.listTools()).tools.map((tool) => tool.name).sort();

describe("the MCP server", () => {
  it("lets an agent create an endpoint, publish an event and read the delivery's attempt through tools alone", async () => {
    const { key, keyId } = await keyFor();
    const client = await connect(key);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(["create_endpoint", "publish_event", "list_deliveries", "get_delivery", "retry_delivery", "get_stats", "upsert_tenant"]),
    );
    const createTool = tools.find((tool) => tool.name === "create_endpoint")!;
    expect(createTool.description).toContain("eventTypes");
    expect(createTool.inputSchema).toMatchObject({ type: "object", required: expect.arrayContaining(["url", "eventTypes"]) });
    expect(createTool.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false });

    const created = await call(client, "create_endpoint", { url: receiver.url("/agent"), eventTypes: ["invoice.*"], description: "Made by an agent" });
    expect(created.isError).toBe(false);
    expect(created.body).toMatchObject({ url: receiver.url("/agent"), eventTypes: ["invoice.*"], enabled: true });
    signingSecret = created.body.secret;

    const published = await call(client, "publish_event", { type: "invoice.paid", data: { invoiceId: "in_1", amount: 4200 } });
    expect(published).toMatchObject({ isError: false, body: { type: "invoice.paid", tenantId: null } });

    const delivery = await eventually(async () => {
      const { body } = await call(client, "list_deliveries", { eventId: published.body.id });
      return body.data.find((row: { status: string }) => row.status === "succeeded");
    }, "the delivery to succeed");
    const detail = await call(client, "get_delivery", { id: delivery.id });
    expect(detail.body.endpointId).toBe(created.body.id);
    expect(detail.body.attempts).toHaveLength(1);
    expect(detail.body.attempts[0]).toMatchObject({ number: 1, responseStatus: 204, error: null });

    // What arrived is signed with the endpoint's secret and carries the event as published.
    const [received] = receiver.received.filter((request) => request.path === "/agent");
    const payload = new Webhook(signingSecret).verify(received!.body, headerValues(received!.headers));
    expect(payload).toMatchObject({ id: published.body.id, type: "invoice.paid", data: { invoiceId: "in_1", amount: 4200 } });

    const audit = await call(client, "list_audit_log", { action: "endpoint.created" });
    expect(audit.body.data).toEqual([
      expect.objectContaining({ target: { type: "endpoint", id: created.body.id }, actor: expect.objectContaining({ type: "api_key", id: keyId }) }),
    ]);
  });

  it("shows a key only the tools its scopes allow, and answers a hidden one with the 403 detail", async () => {
    const { key } = await keyFor(["endpoints:read", "deliveries:read"]);
    const client = await connect(key);
    expect(await toolNames(client)).toEqual(["get_delivery", "get_endpoint", "get_event", "list_deliveries", "list_endpoints", "list_events"]);

    const refused = await call(client, "create_endpoint", { url: receiver.url("/refused"), eventTypes: ["*"] });
    expect(refused).toEqual({
      isError: true,
      body: { type: "about:blank", title: "Forbidden", status: 403, detail: "This API key lacks the endpoints:write scope." },
    });
    expect((await call(client, "list_endpoints")).body.data).toEqual([]);
  });

  it("reaches nothing of another workspace", async () => {
    const a = await connect((await keyFor()).key);
    const b = await connect((await keyFor()).key);
    const endpoint = (await call(b, "create_endpoint", { url: receiver.url("/b"), eventTypes: ["other.*"] })).body;
    const event = (await call(b, "publish_event", { type: "order.created", data: {} })).body;
    // A test send is recorded as a delivery at once (its receiver refuses it, and it is never retried).
    const { deliveryId } = (await call(b, "send_test_event", { id: endpoint.id })).body;
    await call(b, "upsert_tenant", { tenant: "cus_b", name: "B's customer" });

    const attempts: [string, Record<string, unknown>][] = [
      ["get_endpoint", { id: endpoint.id }],
      ["update_endpoint", { id: endpoint.id, enabled: false }],
      ["send_test_event", { id: endpoint.id }],
      ["recover_endpoint", { id: endpoint.id, since: new Date(Date.now() - 3_600_000).toISOString() }],
      ["rotate_endpoint_secret", { id: endpoint.id }],
      ["delete_endpoint", { id: endpoint.id }],
      ["get_event", { id: event.id }],
      ["replay_event", { id: event.id }],
      ["get_delivery", { id: deliveryId }],
      ["retry_delivery", { id: deliveryId }],
      ["get_tenant", { tenant: "cus_b" }],
      ["update_tenant", { tenant: "cus_b", disabled: true }],
      ["create_portal_link", { tenant: "cus_b" }],
      ["delete_tenant", { tenant: "cus_b" }],
    ];
    for (const [tool, args] of attempts) {
      const answer = await call(a, tool, args);
      expect(answer, tool).toMatchObject({ isError: true, body: { status: 404 } });
    }
    expect((await call(a, "retry_deliveries", { ids: [deliveryId] })).body).toEqual({ count: 0 });
    for (const list of ["list_endpoints", "list_events", "list_deliveries", "list_tenants"]) {
      expect((await call(a, list)).body.data, list).toEqual([]);
    }
    expect((await call(b, "get_endpoint", { id: endpoint.id })).body).toMatchObject({ id: endpoint.id, enabled: true });
    expect((await call(b, "get_tenant", { tenant: "cus_b" })).body).toMatchObject({ key: "cus_b", disabled: false });
  });

  it("answers malformed arguments with the API's validation errors, field by field", async () => {
    const client = await connect((await keyFor()).key);
    const invalid = await call(client, "create_endpoint", { url: "not a url", eventTypes: [], colour: "blue" });
    expect(invalid.isError).toBe(true);
    expect(invalid.body).toMatchObject({ status: 422, detail: expect.stringMatching(/^The request body is invalid: /) });
    expect(invalid.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(["(root)", "eventTypes", "url"]);

    expect(await call(client, "get_tenant", { tenant: "cus_1", colour: "blue" })).toMatchObject({
      isError: true,
      body: { status: 422, detail: "Unknown argument colour: get_tenant takes tenant." },
    });
    expect(await call(client, "get_endpoint", { id: "ep_nope" })).toMatchObject({
      isError: true,
      body: { status: 404, detail: expect.stringContaining("Not an id of this kind") },
    });
    await expect(client.callTool({ name: "reveal_everything", arguments: {} })).rejects.toThrow("Tern has no tool named reveal_everything.");
  });

  it("gives every REST operation a tool, or a reason it has none", async () => {
    const tools: string[] = [];
    for (const operation of operations) {
      const where = `${operation.method} ${operation.path}`;
      expect(operation.description.length, where).toBeGreaterThan(60);
      if ("excluded" in operation.mcp) expect(operation.mcp.excluded.length, where).toBeGreaterThan(40);
      else tools.push(operation.mcp.tool);
    }
    expect(tools.every((name) => /^[a-z]+(_[a-z]+)+$/.test(name))).toBe(true);
    expect(new Set(tools).size).toBe(tools.length);
    // A key without scopes may do everything, so it sees every tool.
    expect(await toolNames(await connect((await keyFor()).key))).toEqual(tools.sort());
  });

  it("serves the event type catalog with its schemas, and the signature guide", async () => {
    const { key, workspaceId } = await keyFor();
    const schema = { type: "object", properties: { amount: { type: "integer" } }, required: ["amount"] };
    await createEventType(workspaceId, { name: "invoice.paid", description: "An invoice was paid.", schema, example: { amount: 4200 } }, SYSTEM);
    const client = await connect(key);
    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri).sort()).toEqual([EVENT_TYPES_URI, VERIFYING_SIGNATURES_URI]);

    const { eventTypes } = JSON.parse((await readText(client, EVENT_TYPES_URI)).text);
    expect(eventTypes[0]).toMatchObject({ name: "invoice.paid", description: "An invoice was paid.", schema, example: { amount: 4200 }, builtIn: false });
    expect(eventTypes).toContainEqual(expect.objectContaining({ name: "tern.endpoint.created", builtIn: true }));

    const guide = await readText(client, VERIFYING_SIGNATURES_URI);
    expect(guide.mimeType).toBe("text/markdown");
    expect(guide.text).toContain("webhook-signature");
    expect(guide.text).toContain("npm install standardwebhooks");

    // Without event-types:read the catalog is neither listed nor readable.
    const narrow = await connect((await keyFor(["deliveries:read"])).key);
    expect((await narrow.listResources()).resources.map((resource) => resource.uri)).toEqual([VERIFYING_SIGNATURES_URI]);
    await expect(narrow.readResource({ uri: EVENT_TYPES_URI })).rejects.toThrow(/not found/i);
  });

  it("refuses requests without an API key, and portal tokens", async () => {
    const { workspaceId } = await keyFor();
    const tenant = await createTenant(workspaceId, { key: "cus_portal", metadata: {} }, SYSTEM);
    const { token } = await createPortalSession(workspaceId, tenant.id, { expiresInSeconds: 600, readOnly: false }, SYSTEM, "http://localhost");
    const initialize = (authorization?: string) =>
      fetch(mcp.url("/api/mcp"), {
        method: "POST",
        headers: { accept: "application/json, text/event-stream", "content-type": "application/json", ...(authorization && { authorization }) },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: "t", version: "1" } },
        }),
      });

    for (const [authorization, detail] of [
      [undefined, "Send an API key as `Authorization: Bearer <key>`."],
      [`Bearer ${token}`, "A portal link cannot open the MCP server: use an API key (tern_sk_…)."],
      ["Bearer tern_sk_unknown", "The API key is unknown or has been revoked."],
    ] as const) {
      const response = await initialize(authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.headers.get("www-authenticate")).toBe("Bearer");
      expect((await response.json()).detail).toBe(detail);
    }
  });

  it("refuses JSON-RPC batches, which would run many requests for one rate-limit token", async () => {
    const { key } = await keyFor();
    const list = (id: number) => ({ jsonrpc: "2.0", id, method: "tools/list", params: {} });
    const response = await fetch(mcp.url("/api/mcp"), {
      method: "POST",
      headers: { accept: "application/json, text/event-stream", "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify([list(1), list(2)]),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).detail).toBe("Send one JSON-RPC message per request: batches are not accepted.");
  });

  it("is rate-limited like the API: each MCP request takes a token, and a tool call's operation another", async () => {
    process.env.TERN_API_RATE_LIMIT = "0.001";
    process.env.TERN_API_RATE_BURST = "4";
    try {
      // initialize and the initialized notification take two tokens, listing the tools a third.
      const client = await connect((await keyFor()).key);
      await client.listTools();
      const limited = await call(client, "list_endpoints");
      expect(limited).toMatchObject({ isError: true, body: { status: 429, detail: expect.stringMatching(/^Too many requests with this API key/) } });
      await expect(client.listTools()).rejects.toThrow(/429/);
    } finally {
      delete process.env.TERN_API_RATE_LIMIT;
      delete process.env.TERN_API_RATE_BURST;
    }
  });
});

describe("the stdio bridge", () => {
  async function bridge(apiKey: string) {
    const input = new PassThrough();
    const output = new PassThrough();
    const relay = await bridgeStdioToHttp({ url: mcp.url("/api/mcp"), apiKey, input, output });
    const lines = createInterface({ input: output })[Symbol.asyncIterator]();
    const send = (message: object) => input.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
    const reply = async () => JSON.parse((await lines.next()).value as string);
    return { send, reply, close: () => relay.close() };
  }
  const initialize = { method: "initialize", params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: "t", version: "1" } } };

  it("relays a stdio client's messages to the MCP server and its answers back", async () => {
    const { key } = await keyFor(["endpoints:read"]);
    const stdio = await bridge(key);
    stdio.send({ id: 1, ...initialize });
    expect(await stdio.reply()).toMatchObject({ id: 1, result: { serverInfo: { name: "tern" }, capabilities: { tools: {} } } });
    stdio.send({ method: "notifications/initialized" });
    stdio.send({ id: 2, method: "tools/call", params: { name: "list_endpoints", arguments: {} } });
    const listed = await stdio.reply();
    expect(listed.id).toBe(2);
    expect(JSON.parse(listed.result.content[0].text)).toEqual({ data: [], nextCursor: null });
    await stdio.close();
  });

  it("answers each request with an error when the server refuses the key", async () => {
    const stdio = await bridge("tern_sk_unknown");
    stdio.send({ id: 1, ...initialize });
    const answer = await stdio.reply();
    expect(answer).toMatchObject({ id: 1, error: { message: expect.stringContaining("The API key is unknown or has been revoked.") } });
    await stdio.close();
  });
});
