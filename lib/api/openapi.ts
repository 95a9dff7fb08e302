import { z } from "zod";
import type { ApiRouteHandler } from "@/lib/api/api-route";

export type DocumentedOperation = {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** OpenAPI path, e.g. /api/v1/endpoints/{id}. */
  path: string;
  summary: string;
  handler: ApiRouteHandler;
  success: { status: number; description: string };
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

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

function operation(op: DocumentedOperation) {
  const { scope, body, query } = op.handler.config;
  const pathParameters = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" } }));
  const queryParameters = query
    ? Object.entries((jsonSchema(query).properties ?? {}) as Record<string, unknown>).map(([name, schema]) => ({
        name,
        in: "query",
        required: false,
        schema,
      }))
    : [];
  const responses: Record<string, unknown> = {
    [op.success.status]:
      op.success.status === 204
        ? { description: op.success.description }
        : { description: op.success.description, content: { "application/json": { schema: {} } } },
    "401": problemResponse("Missing, unknown or revoked API key."),
    "403": problemResponse(`The API key lacks the ${scope} scope.`),
    "429": problemResponse("Too many requests with this API key; see Retry-After."),
  };
  if (pathParameters.length) responses["404"] = problemResponse("No such resource in the key's workspace.");
  if (body) {
    responses["400"] = problemResponse("The body is not valid JSON.");
    responses["413"] = problemResponse("The body is too large.");
    responses["415"] = problemResponse("The body is not JSON.");
  }
  if (body || query) responses["422"] = problemResponse("A field is invalid or unknown; see errors.");
  return {
    summary: op.summary,
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
        "Publish events, manage endpoints and inspect deliveries. Authenticate with `Authorization: Bearer <API key>`; errors are RFC 9457 problem+json.",
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
