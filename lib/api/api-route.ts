import { z } from "zod";
import { pathBeyondDepth } from "@/lib/api/json-depth";
import { type ProblemFieldError, problem } from "@/lib/api/problem";
import { takeRateLimitToken } from "@/lib/api/rate-limit";
import { findUnstorableText, printable } from "@/lib/api/unstorable-text";
import { type AuthenticatedKey, authenticateApiKey, keyHasScope } from "@/lib/api-keys/api-keys";
import type { ApiKeyScope } from "@/lib/api-keys/scopes";
import { headerValuesFor } from "@/lib/endpoints/endpoints";
import { DomainError, type DomainErrorCode } from "@/lib/errors";
import { log } from "@/lib/log";
import { countApiRequest, routeTemplate } from "@/lib/metrics/registry";
import { type PortalAccess, portalAccessFor } from "@/lib/portal/sessions";
import { inRequestSpan } from "@/lib/tracing/request-span";
import { annotateActiveSpan } from "@/lib/tracing/spans";

const DEFAULT_MAX_BODY_BYTES = 512 * 1024;
/** How deep a request body's objects and arrays may nest. */
export const MAX_JSON_DEPTH = 64;

/** The HTTP status of each domain error (also of a batch's per-event results). */
export const statusOf: Record<DomainErrorCode, number> = {
  invalid: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

/** Thrown inside the wrapper to answer with a problem at once. */
export class ProblemResponse extends Error {
  constructor(readonly response: Response) {
    super("problem");
  }
}

/** Who is calling: an integration with an API key, or a tenant's customer in the portal with a portal token. */
export type ApiCaller = { kind: "api_key"; key: AuthenticatedKey } | { kind: "portal"; session: PortalAccess };

export type ApiContext<B, Q, P> = {
  caller: ApiCaller;
  workspaceId: string;
  actor: { type: "api_key"; id: string } | { type: "portal"; id: string };
  /** The one tenant a portal caller may see; the route's `tenant` field already holds it. */
  tenantId?: string;
  body: B;
  query: Q;
  params: P;
  request: Request;
};

type Schema = z.ZodType | undefined;

/**
 * What a portal session may do on a route: "read" lets every session in, "write" only those that
 * are not read-only; both need a `tenant` field the session's tenant is forced into. "catalog" is
 * read access to what the workspace shares with all its tenants (the event type catalog).
 */
export type PortalAccessLevel = "read" | "write" | "catalog";

type RouteConfig<B extends Schema, Q extends Schema, P extends Schema> = {
  scope: ApiKeyScope;
  /** Opens the route to the tenant portal; without it a portal token is refused. */
  portal?: PortalAccessLevel;
  /** The route's [segments]: a value its schema refuses names nothing, so it answers 404. */
  params?: P;
  body?: B;
  query?: Q;
  maxBodyBytes?: number;
};

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

type Where = "path" | "query string" | "request body";

/** A field's path as problems name it, e.g. events.2.data.amount. */
export const fieldName = (path: PropertyKey[]) => path.map((segment) => printable(String(segment))).join(".") || "(root)";

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
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
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

const PORTAL_TOKEN_PREFIX = "tpt_";

function unauthorized(detail: string): ProblemResponse {
  return new ProblemResponse(problem(401, detail, { headers: { "www-authenticate": "Bearer" } }));
}

function takeRequestToken(bucket: string, what: string): void {
  const token = takeRateLimitToken(bucket);
  if (!token.allowed) {
    throw new ProblemResponse(
      problem(429, `Too many requests with this ${what}; retry in ${token.retryAfterSeconds} s.`, {
        headers: { "retry-after": String(token.retryAfterSeconds) },
      }),
    );
  }
}

async function authenticateKey(presented: string, scope: ApiKeyScope): Promise<ApiCaller> {
  const key = await authenticateApiKey(presented);
  if (!key) throw unauthorized("The API key is unknown or has been revoked.");
  if (!keyHasScope(key, scope)) throw new ProblemResponse(problem(403, `This API key lacks the ${scope} scope.`));
  takeRequestToken(key.id, "API key");
  return { kind: "api_key", key };
}

async function authenticatePortal(presented: string, portal: PortalAccessLevel | undefined): Promise<ApiCaller> {
  const session = await portalAccessFor(presented);
  if (!session) throw unauthorized("This portal link has expired or was revoked. Ask for a new link where you opened this one.");
  if (!portal) throw new ProblemResponse(problem(403, "This operation is not available in the tenant portal."));
  if (portal === "write" && session.readOnly) throw new ProblemResponse(problem(403, "This portal link is read-only."));
  takeRequestToken(session.sessionId, "portal link");
  return { kind: "portal", session };
}

async function authenticate(request: Request, config: { scope: ApiKeyScope; portal?: PortalAccessLevel }): Promise<ApiCaller> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthorized("Send an API key as `Authorization: Bearer <key>`.");
  const presented = match[1]!;
  return presented.startsWith(PORTAL_TOKEN_PREFIX) ? authenticatePortal(presented, config.portal) : authenticateKey(presented, config.scope);
}

const hasTenantField = (schema: Schema) => schema instanceof z.ZodObject && "tenant" in schema.shape;

/**
 * A portal caller's request names its own tenant, whatever it sent: the route then scopes it by
 * the same code that scopes `tenant` for an API key, and anything of another tenant is not found.
 */
function confinedToTenant<T>(input: T, schema: Schema, tenantId: string | undefined): T {
  if (tenantId === undefined || !hasTenantField(schema)) return input;
  if (typeof input !== "object" || input === null || Array.isArray(input)) return input;
  return { ...input, tenant: tenantId };
}

/** The custom header values a caller sees: those who may change the endpoint see them, others only the names. */
export function headerValuesForCaller(caller: ApiCaller) {
  if (caller.kind === "api_key") return headerValuesFor(caller.key);
  return caller.session.readOnly ? "redacted" : "shown";
}

/**
 * Defines a REST handler: API key → scope (or portal token → the route's portal access) → zod-parsed
 * query and body → handler, with every failure answered as problem+json. Handlers return a
 * Response or a JSON-serialisable value.
 */
export function apiRoute<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
  config: RouteConfig<B, Q, P>,
  handler: (ctx: ApiContext<Parsed<B>, Parsed<Q>, Parsed<P>>) => Promise<Response | object>,
) {
  // A route open to the portal with no tenant to force would show a tenant the whole workspace.
  if ((config.portal === "read" || config.portal === "write") && !hasTenantField(config.query) && !hasTenantField(config.body)) {
    throw new Error(`A route with portal: "${config.portal}" needs a tenant field in its query or body, to confine portal callers to their tenant.`);
  }
  const answer = async (request: Request, rawParams: Record<string, string>): Promise<Response> => {
    try {
      const caller = await authenticate(request, config);
      const tenantId = caller.kind === "portal" ? caller.session.tenantId : undefined;
      const params = parseInput("path", config.params, rawParams);
      const rawQuery = config.query && queryObject(new URL(request.url));
      const query = parseInput("query string", config.query, confinedToTenant(rawQuery, config.query, tenantId));
      const rawBody = config.body && (await readJsonBody(request, config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES));
      const body = parseInput("request body", config.body, confinedToTenant(rawBody, config.body, tenantId));
      const identity =
        caller.kind === "api_key"
          ? { workspaceId: caller.key.workspaceId, actor: { type: "api_key" as const, id: caller.key.id } }
          : { workspaceId: caller.session.workspaceId, actor: { type: "portal" as const, id: caller.session.tenantId }, tenantId };
      annotateActiveSpan({ "tern.workspace.id": identity.workspaceId });
      const result = await handler({ caller, ...identity, body, query, params, request });
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
  const route = async (request: Request, context: { params: Promise<Record<string, string>> }): Promise<Response> => {
    const rawParams = await context.params;
    const routeOf = () => routeTemplate(new URL(request.url).pathname, rawParams);
    const response = await inRequestSpan(request, routeOf, () => answer(request, rawParams));
    countApiRequest(request, rawParams, response.status);
    return response;
  };
  // The OpenAPI document is generated from this very config, so it cannot drift from the handler.
  return Object.assign(route, { config: config as RouteConfig<Schema, Schema, Schema> });
}

export type ApiRouteHandler = ReturnType<typeof apiRoute>;
