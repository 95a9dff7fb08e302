import { z } from "zod";
import { type ApiRouteHandler, MAX_JSON_DEPTH } from "@/lib/api/api-route";

type DocumentedResponse = { status: number; description: string };

export type DocumentedOperation = {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** OpenAPI path, e.g. /api/v1/endpoints/{id}. */
  path: string;
  summary: string;
  /**
   * When to use the operation and what its fields mean, with an example: people read it in the
   * OpenAPI document, AI agents as the MCP tool's description.
   */
  description: string;
  /** The MCP tool that runs the operation (snake_case), or why AI agents get none. */
  mcp: { tool: string } | { excluded: string };
  handler: ApiRouteHandler;
  success: DocumentedResponse;
  /** What this operation alone can answer besides its success and the wrapper's refusals, e.g. 201 from an upsert or 409 at a cap. */
  alsoAnswers?: DocumentedResponse[];
};

const problemSchema = {
  type: "object",
  required: ["type", "title", "status", "detail"],
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    errors: {
      type: "array",
      items: { type: "object", required: ["field", "message"], properties: { field: { type: "string" }, message: { type: "string" } } },
    },
  },
};

/** JSON Schema of what a zod schema accepts as input. */
export function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

const successResponse = ({ status, description }: DocumentedResponse) =>
  status === 204 ? { description } : { description, content: { "application/json": { schema: {} } } };

const propertiesOf = (schema: z.ZodType | undefined) => (schema ? ((jsonSchema(schema).properties ?? {}) as Record<string, unknown>) : {});

function operation(op: DocumentedOperation) {
  const { scope, body, query, params } = op.handler.config;
  const paramSchemas = propertiesOf(params);
  const pathParameters = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => {
    // An undeclared parameter would reach the handler unchecked.
    if (!paramSchemas[name!]) throw new Error(`${op.method} ${op.path}: the route declares no params schema for {${name}}.`);
    return { name, in: "path", required: true, schema: paramSchemas[name!] };
  });
  const queryProperties = propertiesOf(query);
  const queryParameters = Object.entries(queryProperties).map(([name, schema]) => ({ name, in: "query", required: false, schema }));
  const responses: Record<string, unknown> = {
    [op.success.status]: successResponse(op.success),
    "401": problemResponse("Missing, unknown or revoked API key."),
    "403": problemResponse(`The API key lacks the ${scope} scope.`),
    "429": problemResponse("Too many requests with this API key; see Retry-After."),
  };
  if (pathParameters.length) {
    const ofTenant = "tenant" in queryProperties ? " (of the tenant `tenant` names, when given)" : "";
    responses["404"] = problemResponse(`No such resource in the key's workspace${ofTenant}, or a path parameter no resource can have; see errors.`);
  }
  if (body) {
    responses["400"] = problemResponse(`The body is not valid UTF-8 JSON, or nests deeper than ${MAX_JSON_DEPTH} levels.`);
    responses["413"] = problemResponse("The body is too large.");
    responses["415"] = problemResponse("The body is not JSON.");
  }
  if (body || query) responses["422"] = problemResponse("A field is invalid, unknown or repeated, or its text holds NUL or an unpaired surrogate; see errors.");
  for (const answer of op.alsoAnswers ?? []) responses[answer.status] = answer.status < 400 ? successResponse(answer) : problemResponse(answer.description);
  return {
    summary: op.summary,
    description: op.description,
    operationId: `${op.method.toLowerCase()}${op.path.replace(/\/api\/v1|[{}]/g, "").replace(/[^a-zA-Z0-9]+(.)/g, (_, c: string) => c.toUpperCase())}`,
    "x-required-scope": scope,
    parameters: [...pathParameters, ...queryParameters],
    ...(body ? { requestBody: { required: false, content: { "application/json": { schema: jsonSchema(body) } } } } : {}),
    responses,
  };
}

/** OpenAPI 3.1 for the given operations, from the zod schemas their handlers parse with. */
export function buildOpenApiDocument(operations: DocumentedOperation[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    paths[op.path] ??= {};
    paths[op.path]![op.method.toLowerCase()] = operation(op);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Tern REST API",
      version: "1",
      description:
        "Publish events, manage endpoints and tenants (your customers), and inspect deliveries. Authenticate with `Authorization: Bearer <API key>`; errors are RFC 9457 problem+json.",
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "A workspace API key (tern_sk_…)." } },
      schemas: { Problem: problemSchema },
    },
    paths,
  };
}
