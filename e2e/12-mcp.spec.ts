import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { startReceiver } from "../test/receiver";
import { ownerSession } from "./helpers";

test.use({ storageState: ownerSession });

test("an MCP client with an API key made in the console creates an endpoint, publishes, and sees the verified delivery", async ({ page, request, baseURL }) => {
  let secret = "";
  const receiver = await startReceiver((received, response) => {
    const headers = Object.fromEntries(Object.entries(received.headers).map(([name, value]) => [name, [value ?? ""].flat().join(", ")]));
    try {
      new Webhook(secret).verify(received.body, headers);
      response.writeHead(204).end();
    } catch {
      response.writeHead(400).end("invalid signature");
    }
  });
  const client = new Client({ name: "e2e-agent", version: "1.0.0" });
  try {
    await page.goto("/settings/api-keys");
    await page.getByLabel("Name").fill("e2e-mcp-agent");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = (await page.getByTestId("new-api-key").textContent())!;

    const url = new URL("/api/mcp", baseURL);
    await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
    const call = async (name: string, args: Record<string, unknown>) => {
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      const [content] = result.content;
      expect(result.isError, `${name}: ${content?.type === "text" ? content.text : ""}`).toBeFalsy();
      return JSON.parse(content?.type === "text" ? content.text : "null");
    };
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("create_endpoint");

    const type = `mcp.e2e.${Date.now().toString(36)}`;
    const endpoint = await call("create_endpoint", { url: receiver.url("/mcp"), eventTypes: [type] });
    secret = endpoint.secret;
    const event = await call("publish_event", { type, data: { via: "mcp" } });
    // Other specs' catch-all endpoints in this workspace receive it too: follow this endpoint's delivery.
    await expect
      .poll(
        async () => (await call("list_deliveries", { eventId: event.id, endpointId: endpoint.id })).data.map((delivery: { status: string }) => delivery.status),
        { timeout: 20_000 },
      )
      .toEqual(["succeeded"]);
    expect(receiver.received.filter((received) => received.path === "/mcp").map((received) => received.status)).toEqual([204]);

    // A stateless server has no stream to open: GET is refused as the transport allows.
    expect((await request.get("/api/mcp", { headers: { authorization: `Bearer ${key}` } })).status()).toBe(405);
  } finally {
    await client.close();
    await receiver.close();
  }
});
