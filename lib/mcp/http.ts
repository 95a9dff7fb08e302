import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { ProblemResponse, readJsonBody } from "@/lib/api/api-route";
import type { DocumentedOperation } from "@/lib/api/openapi";
import { problem } from "@/lib/api/problem";
import { takeRateLimitToken } from "@/lib/api/rate-limit";
import { type AuthenticatedKey, authenticateApiKey } from "@/lib/api-keys/api-keys";
import { log } from "@/lib/log";
import { ternMcpServer } from "@/lib/mcp/server";
import { type OperationTool, operationTools } from "@/lib/mcp/tools";
import { countApiRequest } from "@/lib/metrics/registry";
import { PORTAL_TOKEN_PATTERN } from "@/lib/portal/schemas";
import { inRequestSpan } from "@/lib/tracing/request-span";

// Room for the largest REST body a tool call carries (publish_event's 256 KiB of data) in its JSON-RPC envelope.
const MAX_MESSAGE_BYTES = 1024 * 1024;

const unauthorized = (detail: string) => problem(401, detail, { headers: { "www-authenticate": "Bearer" } });

/**
 * The API key of an MCP request, which takes one rate-limit token like any API request. A tool
 * call takes a second one in the operation it runs, as a REST request to it would. Portal tokens
 * open one tenant's portal and nothing else.
 */
async function authenticate(request: Request): Promise<AuthenticatedKey | Response> {
  const presented = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  if (!presented) return unauthorized("Send an API key as `Authorization: Bearer <key>`.");
  if (PORTAL_TOKEN_PATTERN.test(presented)) return unauthorized("A portal link cannot open the MCP server: use an API key (tern_sk_…).");
  const key = await authenticateApiKey(presented);
  if (!key) return unauthorized("The API key is unknown or has been revoked.");
  const token = takeRateLimitToken(key.id);
  if (!token.allowed) {
    return problem(429, `Too many requests with this API key; retry in ${token.retryAfterSeconds} s.`, {
      headers: { "retry-after": String(token.retryAfterSeconds) },
    });
  }
  return key;
}

// Stateless: each request builds its server and transport and answers in full (JSON, no stream),
// so any instance answers any request and nothing outlives it. No Origin check is needed against
// DNS rebinding: every request must carry an API key, which no other site's page can read.
async function answer(request: Request, tools: Map<string, OperationTool>): Promise<Response> {
  const key = await authenticate(request);
  if (key instanceof Response) return key;
  const caller = { key, authorization: request.headers.get("authorization")!, origin: new URL(request.url).origin };
  const server = ternMcpServer(tools, caller);
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
    maxRequestBodySize: MAX_MESSAGE_BYTES,
  });
  // A JSON-RPC batch would run up to 100 requests for the one rate-limit token taken above; MCP
  // dropped batching in its 2025-06-18 revision, so each message comes in a request of its own.
  let message: unknown;
  try {
    message = await readJsonBody(request, MAX_MESSAGE_BYTES);
  } catch (error) {
    if (error instanceof ProblemResponse) return error.response;
    throw error;
  }
  if (Array.isArray(message)) return problem(400, "Send one JSON-RPC message per request: batches are not accepted.");
  await server.connect(transport);
  try {
    return await transport.handleRequest(request, { parsedBody: message });
  } finally {
    await server.close();
  }
}

/** POST /api/mcp: the MCP server (Streamable HTTP) whose tools are these REST operations. */
export function mcpRoute(operations: DocumentedOperation[]) {
  const tools = operationTools(operations);
  return async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    const response = await inRequestSpan(
      request,
      () => path,
      async () => {
        try {
          return await answer(request, tools);
        } catch (error) {
          log.error({ err: error, path }, "MCP request failed");
          return problem(500, "An unexpected error occurred. It has been logged; please try again.");
        }
      },
    );
    countApiRequest(request, undefined, response.status);
    return response;
  };
}
