// Speaking the Inngest SDK's HTTP protocol to the app's serve() handler (inngest-js v4).
import { createHmac } from "node:crypto";
import canonicalize from "canonicalize";

/** How a request reaches the serve handler: in-process, or over HTTP to an app instance. */
export type Transport = (request: Request) => Promise<Response>;

/** The SDK's serve handler as the Next adapter exports it: one function per method. */
export type ServeHandler = Record<"GET" | "POST" | "PUT", (...args: never[]) => unknown>;

export function handlerTransport(handler: ServeHandler): Transport {
  return (request) => (handler[request.method as "GET" | "POST" | "PUT"] as (r: Request) => Promise<Response>)(request);
}

/** The SDK checks HMAC-SHA256 over the canonical JSON body + timestamp, keyed by the key minus its prefix. */
function signatureHeader(body: string, signingKey: string, now = Date.now()): string {
  const timestamp = Math.floor(now / 1000);
  const key = signingKey.replace(/^signkey-\w+-/, "");
  return `t=${timestamp}&s=${createHmac("sha256", key)
    .update(body + timestamp)
    .digest("hex")}`;
}

async function send(transport: Transport, url: string, method: "PUT" | "POST", payload: unknown, signingKey?: string) {
  const body = canonicalize(payload) ?? "";
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signingKey) headers["x-inngest-signature"] = signatureHeader(body, signingKey);
  if (method === "PUT") headers["x-inngest-sync-kind"] = "in_band";
  return transport(new Request(url, { method, headers, body }));
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (an HTML error page, a plain-text message): the caller reports the text as the body.
    return text;
  }
}

/** In-band sync: the handler answers with its function configurations. */
export async function syncApp(transport: Transport, serveUrl: string, signingKey?: string) {
  const response = await send(transport, serveUrl, "PUT", { url: serveUrl }, signingKey);
  const body = (await readJson(response)) as { app_id?: string; functions?: unknown[] } | string | null;
  if (!response.ok || typeof body !== "object" || !body?.functions || !body.app_id) {
    throw new Error(`Syncing ${serveUrl} failed with HTTP ${response.status}: ${JSON.stringify(body).slice(0, 500)}`);
  }
  return { appId: body.app_id, functions: body.functions as Record<string, unknown>[] };
}

export type SdkOp = {
  id: string;
  op: string;
  name?: string;
  displayName?: string;
  data?: unknown;
  error?: unknown;
};

export type CallResult = {
  status: number;
  /** The SDK's verdict that retrying is pointless. */
  noRetry: boolean;
  retryAfter?: string;
  body: unknown;
};

export type CallPayload = {
  version: 2;
  event: unknown;
  events: unknown[];
  steps: Record<string, unknown>;
  ctx: {
    run_id: string;
    attempt: number;
    max_attempts: number;
    disable_immediate_execution: boolean;
    use_api: false;
    stack: { stack: string[]; current: number };
  };
};

/** One call of a function (stepId "step" = discover and run what is next; a hash = run that planned step). */
export async function callFunction(
  transport: Transport,
  input: { serveUrl: string; functionId: string; stepId: string; payload: CallPayload; signingKey?: string },
): Promise<CallResult> {
  const url = `${input.serveUrl}?fnId=${encodeURIComponent(input.functionId)}&stepId=${encodeURIComponent(input.stepId)}`;
  try {
    const response = await send(transport, url, "POST", input.payload, input.signingKey);
    return {
      status: response.status,
      noRetry: response.headers.get("x-inngest-no-retry") === "true",
      retryAfter: response.headers.get("retry-after") ?? undefined,
      body: await readJson(response),
    };
  } catch (error) {
    // The handler could not be reached or threw: retriable, like a 500; the executor logs the run's failure.
    return { status: 503, noRetry: false, body: { name: "Error", message: `Calling the function failed: ${(error as Error).message}` } };
  }
}
