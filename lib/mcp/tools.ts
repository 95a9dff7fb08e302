// The MCP tools are the REST operations themselves: each tool's input schema is its operation's
// path, query and body schemas side by side, and a call becomes a request to the operation's own
// handler, so it is authenticated, scoped, rate-limited, validated and audited as REST requests are.
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import { type DocumentedOperation, jsonSchema } from "@/lib/api/openapi";
import { problem } from "@/lib/api/problem";
import type { AuthenticatedKey } from "@/lib/api-keys/api-keys";
import { keyHasScope } from "@/lib/api-keys/api-keys";

/** Where an argument travels in the operation's request. */
type RequestPart = "params" | "query" | "body";

export type OperationTool = {
  definition: Tool;
  operation: DocumentedOperation;
  partOf: Map<string, RequestPart>;
};

/** Who makes the calls: the API key the MCP request presented, and where the REST API answers. */
export type ToolCaller = { key: AuthenticatedKey; authorization: string; origin: string };

type ObjectSchema = { properties?: Record<string, unknown>; required?: string[] };

function inputOf(operation: DocumentedOperation): Pick<OperationTool, "partOf"> & { inputSchema: Tool["inputSchema"] } {
  const { params, query, body } = operation.handler.config;
  const parts: [RequestPart, z.ZodType | undefined][] = [
    ["params", params],
    ["query", query],
    ["body", body],
  ];
  const partOf = new Map<string, RequestPart>();
  const properties: Record<string, object> = {};
  const required: string[] = [];
  for (const [part, schema] of parts) {
    if (!schema) continue;
    const json = jsonSchema(schema) as ObjectSchema;
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      // One argument cannot say which of two fields it meant.
      if (partOf.has(name)) throw new Error(`${operation.method} ${operation.path}: "${name}" is a field of both its ${partOf.get(name)} and its ${part}.`);
      partOf.set(name, part);
      properties[name] = property as object;
    }
    required.push(...(json.required ?? []));
  }
  return { partOf, inputSchema: { type: "object", properties, ...(required.length ? { required } : {}), additionalProperties: false } };
}

function toolOf(operation: DocumentedOperation, name: string): OperationTool {
  const { partOf, inputSchema } = inputOf(operation);
  const reads = operation.method === "GET";
  return {
    operation,
    partOf,
    definition: {
      name,
      title: operation.summary,
      description: `${operation.description}\n\nNeeds the API key scope ${operation.handler.config.scope}.`,
      inputSchema,
      annotations: {
        title: operation.summary,
        readOnlyHint: reads,
        destructiveHint: operation.method === "DELETE",
        idempotentHint: reads || operation.method === "PUT" || operation.method === "DELETE",
      },
    },
  };
}

/** A tool for every operation that is not excluded from MCP. */
export function operationTools(operations: DocumentedOperation[]): Map<string, OperationTool> {
  const tools = new Map<string, OperationTool>();
  for (const operation of operations) {
    if (!("tool" in operation.mcp)) continue;
    const { tool } = operation.mcp;
    if (tools.has(tool)) throw new Error(`Two operations are the MCP tool ${tool}.`);
    tools.set(tool, toolOf(operation, tool));
  }
  return tools;
}

/** The tools a key may call: those of the operations its scopes allow. */
export function toolsVisibleTo(tools: Map<string, OperationTool>, key: AuthenticatedKey): Tool[] {
  return [...tools.values()].filter((tool) => keyHasScope(key, tool.operation.handler.config.scope)).map((tool) => tool.definition);
}

// A query string carries text only: numbers and booleans as written, and no value for null.
function queryValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/**
 * The operation's request for these arguments. An argument the operation does not know goes
 * where its schema refuses unknown fields (the body, else the query), so the handler answers
 * it as it answers any REST request with an unknown field.
 */
function requestFor(tool: OperationTool, args: Record<string, unknown>, caller: ToolCaller): { request: Request; params: Record<string, string> } | Response {
  const { method, path, handler } = tool.operation;
  const fallback: RequestPart | undefined = handler.config.body ? "body" : handler.config.query ? "query" : undefined;
  const params: Record<string, string> = {};
  const query = new URLSearchParams();
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    const part = tool.partOf.get(name) ?? fallback;
    if (part === undefined) {
      const known = [...tool.partOf.keys()].join(", ") || "no arguments";
      return problem(422, `Unknown argument ${name}: ${tool.definition.name} takes ${known}.`, { errors: [{ field: name, message: "Unknown argument." }] });
    }
    if (part === "params") params[name] = String(value);
    else if (part === "body") body[name] = value;
    else {
      const text = queryValue(value);
      if (text !== undefined) query.set(name, text);
    }
  }
  const pathname = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));
  const url = new URL(pathname, caller.origin);
  url.search = query.toString();
  const headers: Record<string, string> = { authorization: caller.authorization, accept: "application/json" };
  if (handler.config.body) headers["content-type"] = "application/json";
  const request = new Request(url, { method, headers, body: handler.config.body ? JSON.stringify(body) : undefined });
  return { request, params };
}

/** A tool's answer: the operation's JSON on success; its problem+json as a tool error otherwise. */
async function toolResult(tool: OperationTool, response: Response): Promise<CallToolResult> {
  const text = await response.text();
  if (!response.ok) return { isError: true, content: [{ type: "text", text }] };
  // A 204 has no body to show: its documented meaning ("Deleted.") says what happened.
  return { content: [{ type: "text", text: text || tool.operation.success.description }] };
}

/** Runs the tool through its operation's REST handler, with the caller's API key. */
export async function callTool(tool: OperationTool, args: Record<string, unknown>, caller: ToolCaller): Promise<CallToolResult> {
  const built = requestFor(tool, args, caller);
  if (built instanceof Response) return toolResult(tool, built);
  return toolResult(tool, await tool.operation.handler(built.request, { params: Promise.resolve(built.params) }));
}
