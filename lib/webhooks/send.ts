import { type LookupAddress, lookup } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { Agent, request } from "undici";
import { decodeResponseBody, recordedResponseHeaders } from "@/lib/webhooks/response";
import { BlockedDestinationError, blockedAddressReason, privateNetworksAllowed } from "@/lib/webhooks/ssrf";

export const MAX_RESPONSE_BODY_BYTES = 64 * 1024;
/** How the error of a timed-out attempt begins: the dashboard tells timeouts from other failures without a response by it. */
export const TIMEOUT_ERROR_PREFIX = "Timed out after";

export type SendResult = {
  /** HTTP status, when a response arrived. */
  status?: number;
  headers?: Record<string, string>;
  /** The first 64 KiB of the response body, as text. */
  body?: string;
  /** The body was not UTF-8 text: `body` shows its unreadable bytes as U+FFFD. */
  bodyBinary: boolean;
  /** Why no usable response arrived: blocked, timed out, connection refused… */
  error?: string;
  timedOut: boolean;
  durationMs: number;
};

// Resolve, check every candidate, and hand the connection only checked addresses: the socket
// connects to exactly what was checked, so DNS rebinding has no second lookup to exploit.
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, "", 0);
    const allowed = privateNetworksAllowed() ? addresses : addresses.filter((candidate) => !blockedAddressReason(candidate.address));
    if (allowed.length === 0) {
      const first = addresses[0]!;
      const reason = blockedAddressReason(first.address);
      return callback(new BlockedDestinationError(`${hostname} resolves to ${first.address}, ${reason}`), "", 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
    callback(null, allowed[0]!.address, allowed[0]!.family);
  });
};

// One keep-alive pool for all endpoints; undici keeps a connection pool per origin inside it.
const agent = new Agent({
  connect: { lookup: guardedLookup, timeout: 10_000 },
  keepAliveTimeout: 30_000,
  keepAliveMaxTimeout: 120_000,
  connections: 64,
});

/** Refuses schemes other than http(s) and literal IPs in refused ranges (those skip DNS). */
function assertAllowedDestination(url: URL): void {
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new BlockedDestinationError(`Only http and https URLs can receive webhooks, not ${url.protocol}`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) && !privateNetworksAllowed()) {
    const reason = blockedAddressReason(host);
    if (reason) throw new BlockedDestinationError(`${host} is ${reason}`);
  }
}

function describeError(error: unknown): string {
  if (error instanceof BlockedDestinationError) return `Refused: ${error.message}`;
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof BlockedDestinationError) return `Refused: ${cause.message}`;
  const code = (error as { code?: string }).code;
  // undici asserts that a status is at least 100 instead of reporting it like other malformed responses.
  if (code === "ERR_ASSERTION" && /statusCode >= 100/.test((error as Error).message)) return "Invalid HTTP response: its status is below 100";
  const message = (error as Error).message ?? String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

function isTimeout(error: unknown): boolean {
  const name = (error as Error)?.name;
  const code = (error as { code?: string })?.code;
  return (
    name === "TimeoutError" ||
    name === "AbortError" ||
    code === "UND_ERR_HEADERS_TIMEOUT" ||
    code === "UND_ERR_BODY_TIMEOUT" ||
    code === "UND_ERR_CONNECT_TIMEOUT"
  );
}

/**
 * POSTs one webhook request: no redirects followed, the whole exchange bounded by `timeoutMs`,
 * the response body read up to 64 KiB. Never throws; failures come back as `error`.
 */
export async function sendWebhook(input: { url: string; headers: Record<string, string>; body: string; timeoutMs: number }): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let status: number | undefined;
  let headers: Record<string, string> | undefined;
  const chunks: Buffer[] = [];
  // A timer cleared once the exchange ends, rather than AbortSignal.timeout: that one fires, and
  // builds its TimeoutError, for every request, long after most have finished.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), input.timeoutMs);
  try {
    const url = new URL(input.url);
    assertAllowedDestination(url);
    const response = await request(url, {
      method: "POST",
      headers: input.headers,
      body: input.body,
      dispatcher: agent,
      signal: deadline.signal,
      headersTimeout: input.timeoutMs,
      bodyTimeout: input.timeoutMs,
    });
    status = response.statusCode;
    headers = recordedResponseHeaders(response.headers);
    let size = 0;
    for await (const chunk of response.body) {
      const buffer = chunk as Buffer;
      chunks.push(buffer.subarray(0, MAX_RESPONSE_BODY_BYTES - size));
      size += buffer.length;
      if (size >= MAX_RESPONSE_BODY_BYTES) {
        response.body.destroy();
        break;
      }
    }
    const { text, binary } = decodeResponseBody(Buffer.concat(chunks), size >= MAX_RESPONSE_BODY_BYTES);
    return { status, headers, body: text, bodyBinary: binary, timedOut: false, durationMs: elapsed() };
  } catch (error) {
    const timedOut = isTimeout(error);
    // Cut short: what arrived ends wherever the connection did.
    const partial = chunks.length ? decodeResponseBody(Buffer.concat(chunks), true) : undefined;
    return {
      status,
      headers,
      body: partial?.text,
      bodyBinary: partial?.binary ?? false,
      error: timedOut ? `${TIMEOUT_ERROR_PREFIX} ${input.timeoutMs} ms` : describeError(error),
      timedOut,
      durationMs: elapsed(),
    };
  } finally {
    clearTimeout(timer);
  }
}
