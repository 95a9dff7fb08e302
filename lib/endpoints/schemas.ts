import { isIP } from "node:net";
import { z } from "zod";
import { formJson } from "@/lib/actions/form-json";
import { setting } from "@/lib/config/settings";
import { blockedAddressReason, privateNetworksAllowed } from "@/lib/webhooks/ssrf";

const RESERVED_HEADERS = new Set([
  "host",
  "content-type",
  "content-length",
  "connection",
  "transfer-encoding",
  "user-agent",
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
]);

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
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const reason = isIP(host) && !privateNetworksAllowed() ? blockedAddressReason(host) : undefined;
    if (reason) ctx.addIssue({ code: "custom", message: `${host} is ${reason}; webhooks can only go to public addresses.` });
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

const endpointHeaders = z
  .record(
    z
      .string()
      .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { error: "Header names may contain letters, digits and !#$%&'*+.^_`|~- only." })
      .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), { error: "Tern sets this header itself." }),
    z
      .string()
      .max(4096)
      .regex(/^[^\r\n]*$/, { error: "Header values cannot contain line breaks." }),
  )
  .refine((headers) => Object.keys(headers).length <= 20, { error: "At most 20 custom headers." });

const metadata = z.record(z.string().max(64), z.string().max(512)).refine((m) => Object.keys(m).length <= 50, { error: "At most 50 metadata entries." });

const endpointTimeoutMs = z.number().int().min(1_000).max(30_000);
const endpointRateLimit = z.number().int().min(1).max(10_000);

export const createEndpointInput = z.strictObject({
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
