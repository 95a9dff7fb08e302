import type { z } from "zod";
import { pathBeyondDepth } from "@/lib/api/json-depth";
import { type ProblemFieldError, problem } from "@/lib/api/problem";
import { takeRateLimitToken } from "@/lib/api/rate-limit";
import { findUnstorableText, printable } from "@/lib/api/unstorable-text";
import { type AuthenticatedKey, authenticateApiKey, keyHasScope } from "@/lib/api-keys/api-keys";
import type { ApiKeyScope } from "@/lib/api-keys/scopes";
import { DomainError, type DomainErrorCode } from "@/lib/errors";
import { log } from "@/lib/log";

const DEFAULT_MAX_BODY_BYTES = 512 * 1024;
/** How deep a request body's objects and arrays may nest. */
export const MAX_JSON_DEPTH = 64;

const statusOf: Record<DomainErrorCode, number> = {
  invalid: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

/** Thrown inside the wrapper to answer with a problem at once. */
class ProblemResponse extends Error {
  constructor(readonly response: Response) {
    super("problem");
  }
}

export type ApiContext<B, Q, P> = {
  key: AuthenticatedKey;
  workspaceId: string;
  actor: { type: "api_key"; id: string };
  body: B;
  query: Q;
  params: P;
  request: Request;
};

type Schema = z.ZodType | undefined;

type RouteConfig<B extends Schema, Q extends Schema, P extends Schema> = {
  scope: ApiKeyScope;
  /** The route's [segments]: a value its schema refuses names nothing, so it answers 404. */
  params?: P;
  body?: B;
  query?: Q;
  maxBodyBytes?: number;
};

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

type Where = "path" | "query string" | "request body";

const fieldName = (path: PropertyKey[]) => path.map((segment) => printable(String(segment))).join(".") || "(root)";

function invalidProblem(where: Where, errors: ProblemFieldError[]): Response {
  const summary = errors.map((e) => `${e.field}: ${e.message}`).join("; ");
  if (where === "path") return problem(404, `Nothing can exist at this path: ${summary}`, { errors });
  return problem(422, `The ${where} is invalid: ${summary}`, { errors });
}

/** The input checked for text PostgreSQL cannot store, then parsed with the route's schema. */
function parseInput<S extends Schema>(where: Where, schema: S | undefined, input: unknown): Parsed<S> {
  const unstorable = findUnstorableText(input);
  if (unstorable) throw new ProblemResponse(invalidProblem(where, [{ field: fieldName(unstorable.path), message: unstorable.message }]));
  if (!schema) return undefined as Parsed<S>;
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ProblemResponse(
      invalidProblem(
        where,
        parsed.error.issues.map((issue) => ({ field: fieldName(issue.path), message: issue.message })),
      ),
    );
  }
  return parsed.data as Parsed<S>;
}

// Each parameter once: a repeated one would otherwise silently lose all but its last value.
function queryObject(url: URL): Record<string, string> {
  const query = new Map<string, string>();
  for (const [name, value] of url.searchParams) {
    if (query.has(name)) {
      const field = printable(name);
      throw new ProblemResponse(invalidProblem("query string", [{ field, message: `Give ${field} once; it appears more than once.` }]));
    }
    query.set(name, value);
  }
  return Object.fromEntries(query);
}

// Reads the body but stops at the limit, so a huge (or endless chunked) body costs nothing.
async function readCapped(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ProblemResponse(problem(413, `The request body exceeds ${maxBytes} bytes.`));
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

// An empty body reads as {}, so routes whose fields are all optional can be called bare.
async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new ProblemResponse(problem(413, `The request body exceeds ${maxBytes} bytes.`));
  const bytes = await readCapped(request, maxBytes);
  if (bytes.byteLength === 0) return {};
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new ProblemResponse(problem(415, "Send the request body as JSON with content-type: application/json."));
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ProblemResponse(problem(400, "The request body is not valid UTF-8."));
  }
  const tooDeep = pathBeyondDepth(text, MAX_JSON_DEPTH);
  if (tooDeep) {
    const field = fieldName(tooDeep);
    const message = `Objects and arrays may nest at most ${MAX_JSON_DEPTH} levels deep.`;
    throw new ProblemResponse(problem(400, `The request body nests too deep at ${field}: ${message}`, { errors: [{ field, message }] }));
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ProblemResponse(problem(400, `The request body is not valid JSON: ${(error as Error).message}`));
  }
}

async function authenticate(request: Request, scope: ApiKeyScope): Promise<AuthenticatedKey> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    throw new ProblemResponse(problem(401, "Send an API key as `Authorization: Bearer <key>`.", { headers: { "www-authenticate": "Bearer" } }));
  }
  const key = await authenticateApiKey(match[1]!);
  if (!key) {
    throw new ProblemResponse(problem(401, "The API key is unknown or has been revoked.", { headers: { "www-authenticate": "Bearer" } }));
  }
  if (!keyHasScope(key, scope)) throw new ProblemResponse(problem(403, `This API key lacks the ${scope} scope.`));
  const token = takeRateLimitToken(key.id);
  if (!token.allowed) {
    throw new ProblemResponse(
      problem(429, `Too many requests with this API key; retry in ${token.retryAfterSeconds} s.`, {
        headers: { "retry-after": String(token.retryAfterSeconds) },
      }),
    );
  }
  return key;
}

/**
 * Defines a REST handler: API key → scope → zod-parsed query and body → handler, with every
 * failure answered as problem+json. Handlers return a Response or a JSON-serialisable value.
 */
export function apiRoute<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
  config: RouteConfig<B, Q, P>,
  handler: (ctx: ApiContext<Parsed<B>, Parsed<Q>, Parsed<P>>) => Promise<Response | object>,
) {
  const route = async (request: Request, context: { params: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      const key = await authenticate(request, config.scope);
      const params = parseInput("path", config.params, await context.params);
      const query = parseInput("query string", config.query, config.query && queryObject(new URL(request.url)));
      const body = parseInput("request body", config.body, config.body && (await readJsonBody(request, config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)));
      const result = await handler({ key, workspaceId: key.workspaceId, actor: { type: "api_key", id: key.id }, body, query, params, request });
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      if (error instanceof ProblemResponse) return error.response;
      if (error instanceof DomainError) {
        const errors = error.field ? [{ field: error.field, message: error.message }] : undefined;
        const headers = error.code === "unavailable" ? { "retry-after": "1" } : undefined;
        return problem(statusOf[error.code], error.message, { errors, headers });
      }
      log.error({ err: error, method: request.method, path: new URL(request.url).pathname }, "API request failed");
      return problem(500, "An unexpected error occurred. It has been logged; please try again.");
    }
  };
  // The OpenAPI document is generated from this very config, so it cannot drift from the handler.
  return Object.assign(route, { config: config as RouteConfig<Schema, Schema, Schema> });
}

export type ApiRouteHandler = ReturnType<typeof apiRoute>;
