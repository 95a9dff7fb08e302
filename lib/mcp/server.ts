import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import { EVENT_TYPES_URI, registerResources, VERIFYING_SIGNATURES_URI } from "@/lib/mcp/resources";
import { callTool, type OperationTool, type ToolCaller, toolsVisibleTo } from "@/lib/mcp/tools";

const INSTRUCTIONS = `Tern delivers webhooks: an event published once reaches, signed, every endpoint (a URL) subscribed to its type, with retries, and every attempt is recorded.
Tenants are the operator's customers: an event published for a tenant reaches only that tenant's endpoints; one without a tenant reaches only the workspace's own.
The tools are Tern's REST API operations, under the API key's scopes. A failed call answers with the API's problem detail (status, detail, and per-field errors): fix the arguments it names and try again.
Lists return {data, nextCursor}, newest first: pass nextCursor back as cursor for the next page.
Read ${EVENT_TYPES_URI} for the event types and their payload schemas, and ${VERIFYING_SIGNATURES_URI} for how a receiver checks signatures.`;

/**
 * An MCP server for one request's API key. Tools are listed and called with the SDK's low-level
 * handlers rather than McpServer's own tools: their input schemas are the REST handlers' (as JSON
 * Schema), and the handlers alone validate the arguments, so a tool and its route answer alike.
 */
export function ternMcpServer(tools: Map<string, OperationTool>, caller: ToolCaller): McpServer {
  const mcp = new McpServer({ name: "tern", title: "Tern", version: "1" }, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  mcp.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: toolsVisibleTo(tools, caller.key) }));
  // A tool the key's scopes hide is still called: its handler answers 403 naming the missing scope.
  mcp.server.setRequestHandler(CallToolRequestSchema, (request) => {
    const tool = tools.get(request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Tern has no tool named ${request.params.name}.`);
    return callTool(tool, request.params.arguments ?? {}, caller);
  });
  registerResources(mcp, caller.key);
  return mcp;
}
