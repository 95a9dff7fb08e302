import { z } from "zod";
import { formJson } from "@/lib/actions/form-json";
import { setting } from "@/lib/config/settings";
import { tenantRef } from "@/lib/tenants/schemas";
import { literalHostRefusal, privateNetworksAllowed } from "@/lib/webhooks/ssrf";

// Headers a custom header may not be, and why: Tern sets them itself, or HTTP gives them to the
// connection rather than the request, so they would be overridden, doubled, or break the request.
const REFUSED_HEADERS: Record<string, string> = {
  host: "it is taken from the endpoint URL",
  "content-type": "Tern sends every webhook as application/json",
  "content-length": "Tern sets it from the body",
  "content-encoding": "Tern sends the body uncompressed, so it would misdescribe it",
  "transfer-encoding": "Tern sets it from the body",
  "user-agent": "Tern identifies itself as Tern-Webhooks",
  connection: "Tern's HTTP client manages its connections itself",
  "keep-alive": "Tern's HTTP client manages its connections itself",
  upgrade: "a webhook request cannot switch protocols",
  te: "Tern's HTTP client negotiates transfer codings itself",
  trailer: "webhook requests send no trailer fields",
  expect: "Tern sends the body at once and never waits for 100 Continue",
};
const REFUSED_HEADER_PREFIXES: Record<string, string> = {
  "webhook-": "webhook-* headers carry Tern's signature (webhook-id, webhook-timestamp, webhook-signature)",
  "proxy-": "proxy-* headers are meant for a proxy, and Tern connects to endpoints directly",
};
const MAX_CUSTOM_HEADERS = 20;
const MAX_HEADER_NAME_LENGTH = 256;
const MAX_HEADER_VALUE_LENGTH = 4096;

function refusedHeaderReason(name: string): string | undefined {
  const lower = name.toLowerCase();
  return REFUSED_HEADERS[lower] ?? Object.entries(REFUSED_HEADER_PREFIXES).find(([prefix]) => lower.startsWith(prefix))?.[1];
}

// What HTTP allows (RFC 9110): a name is a token; a value is visible ASCII, with spaces and tabs
// inside. Anything else is refused here rather than failing every delivery.
function headerProblem(name: string, value: string): string | undefined {
  if (name === "") return "A header name cannot be empty.";
  if (name.length > MAX_HEADER_NAME_LENGTH) return `Header names can be at most ${MAX_HEADER_NAME_LENGTH} characters: ${JSON.stringify(name.slice(0, 24))}…`;
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
    return `${JSON.stringify(name)} is not a valid header name: use letters, digits and !#$%&'*+-.^_\`|~ only (no spaces, colons or other characters).`;
  }
  const refused = refusedHeaderReason(name);
  if (refused) return `${name} cannot be a custom header: ${refused}.`;
  if (value.length > MAX_HEADER_VALUE_LENGTH) return `The value of ${name} can be at most ${MAX_HEADER_VALUE_LENGTH} characters.`;
  if (/[\r\n]/.test(value)) return `The value of ${name} cannot contain line breaks.`;
  if (/\p{Cc}/u.test(value.replaceAll("\t", ""))) return `The value of ${name} cannot contain control characters.`;
  if (/[^\t -~]/.test(value)) return `The value of ${name} can contain ASCII characters only; encode others (e.g. percent-encoding or base64).`;
  return undefined;
}

/** http is for development: allowed only with TERN_ALLOW_HTTP=1 or TERN_ALLOW_PRIVATE_NETWORKS=1. */
function plainHttpAllowed(): boolean {
  return setting("TERN_ALLOW_HTTP") || privateNetworksAllowed();
}

export const endpointUrl = z
  .url({ error: "Enter a full URL, e.g. https://example.com/webhooks." })
  .max(2048)
  .superRefine((value, ctx) => {
    // Zod runs refinements even after .url() failed; only real URLs get the checks below.
    if (!URL.canParse(value)) return;
    const url = new URL(value);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && plainHttpAllowed())) {
      ctx.addIssue({ code: "custom", message: "Use an https:// URL." });
      return;
    }
    if (url.username || url.password) ctx.addIssue({ code: "custom", message: "Put credentials in a custom header, not in the URL." });
    // Host names are resolved when the endpoint is saved (hostRefusal); literal IPs are refused here, with the other fields.
    const refused = literalHostRefusal(url);
    if (refused) ctx.addIssue({ code: "custom", message: refused });
  });

const eventTypeFilter = z
  .array(
    z
      .string()
      .max(128)
      .regex(/^(\*|[a-zA-Z0-9_-]+(\.[a-zA-Z0-9_-]+)*(\.\*)?)$/, {
        error: 'Use an event type name, "*" for all, or "prefix.*".',
      }),
  )
  .min(1, { error: "Subscribe to at least one event type (or * for all)." })
  .max(100);

// Spaces and tabs around a value are not part of it in HTTP, so they are trimmed rather than refused.
const headerValue = z.string().transform((value) => value.replace(/^[ \t]+|[ \t]+$/g, ""));

const endpointHeaders = z
  .record(z.string(), headerValue)
  .superRefine((headers, ctx) => {
    const names = Object.keys(headers);
    if (names.length > MAX_CUSTOM_HEADERS)
      ctx.addIssue({ code: "custom", message: `At most ${MAX_CUSTOM_HEADERS} custom headers; there are ${names.length}.` });
    const seen = new Map<string, string>();
    for (const [name, value] of Object.entries(headers)) {
      const earlier = seen.get(name.toLowerCase());
      seen.set(name.toLowerCase(), name);
      const problem = earlier ? `${name} is given twice (as ${earlier} and ${name}); header names ignore case, so keep one.` : headerProblem(name, value);
      if (problem) ctx.addIssue({ code: "custom", message: problem, path: [name] });
    }
  })
  .describe(
    `Up to ${MAX_CUSTOM_HEADERS} headers sent with every request: names are HTTP tokens, values printable ASCII (spaces and tabs around them are trimmed). ` +
      "Values are stored encrypted, shown only to keys with endpoints:write, and recorded on attempts as [redacted]. " +
      `Refused, as Tern or its HTTP client sets them or no webhook request can use them: ${[...Object.keys(REFUSED_HEADERS), ...Object.keys(REFUSED_HEADER_PREFIXES).map((prefix) => `${prefix}*`)].join(", ")}.`,
  );

const metadata = z.record(z.string().max(64), z.string().max(512)).refine((m) => Object.keys(m).length <= 50, { error: "At most 50 metadata entries." });

const endpointTimeoutMs = z.number().int().min(1_000).max(30_000);
const endpointRateLimit = z.number().int().min(1).max(10_000);

export const createEndpointInput = z.strictObject({
  tenant: tenantRef
    .optional()
    .describe("The tenant (id or key) whose endpoint this is: it then receives only that tenant's events. Without it, the endpoint is the workspace's own."),
  url: endpointUrl,
  description: z.string().max(500).default(""),
  eventTypes: eventTypeFilter,
  headers: endpointHeaders.default({}),
  enabled: z.boolean().default(true),
  rateLimit: endpointRateLimit.nullable().default(null),
  timeoutMs: endpointTimeoutMs.default(15_000),
  metadata: metadata.default({}),
});

export type CreateEndpointInput = z.output<typeof createEndpointInput>;

export const updateEndpointInput = z.strictObject({
  url: endpointUrl.optional(),
  description: z.string().max(500).optional(),
  eventTypes: eventTypeFilter.optional(),
  headers: endpointHeaders.optional(),
  enabled: z.boolean().optional(),
  rateLimit: endpointRateLimit.nullable().optional(),
  timeoutMs: endpointTimeoutMs.optional(),
  metadata: metadata.optional(),
});

export type UpdateEndpointInput = z.output<typeof updateEndpointInput>;

export const rotateSecretInput = z.strictObject({
  graceSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600, { error: "The grace period can be at most 7 days (604800 seconds)." })
    .default(24 * 3600),
});

// The console's endpoint form sends strings; these turn them into the API's shape, so the
// form and the REST API are validated by the same rules.
const list = (value: unknown) =>
  typeof value === "string"
    ? value
        .split(/[\s,]+/)
        .map((part) => part.trim())
        .filter(Boolean)
    : value;
const jsonObject = formJson({});
const keyValueLines = (value: unknown) =>
  typeof value === "string"
    ? Object.fromEntries(
        value
          .split("\n")
          .map((line) => line.trim())
          .filter(Boolean)
          .map((line) => [
            line.slice(0, line.indexOf("=") === -1 ? line.length : line.indexOf("=")).trim(),
            line.includes("=") ? line.slice(line.indexOf("=") + 1).trim() : "",
          ]),
      )
    : value;
const optionalNumber = (value: unknown) => (value === "" || value === undefined ? null : Number(value));

export const endpointForm = z.object({
  url: endpointUrl,
  description: z.string().max(500).default(""),
  eventTypes: z.preprocess(list, eventTypeFilter),
  headers: z.preprocess(jsonObject, endpointHeaders),
  timeoutMs: z.preprocess((value) => Number(value ?? 15_000), endpointTimeoutMs),
  rateLimit: z.preprocess(optionalNumber, endpointRateLimit.nullable()),
  metadata: z.preprocess(keyValueLines, metadata),
});
