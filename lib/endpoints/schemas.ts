import { z } from "zod";
import { formJson } from "@/lib/actions/form-json";
import { setting } from "@/lib/config/settings";
import { tenantRef } from "@/lib/tenants/schemas";
import { displayName } from "@/lib/validation/display-name";
import { LOCAL_DEVELOPMENT_HINT, literalHostRefusal, privateNetworksAllowed } from "@/lib/webhooks/ssrf";

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

const MAX_NAME_LENGTH = 100;
const MAX_TAGS = 10;
const TAG_PATTERN = /^[a-z0-9][a-z0-9_.:-]{0,39}$/;
const EVENT_TYPE_FILTER_PATTERN = /^(\*|[a-zA-Z0-9_-]+(\.[a-zA-Z0-9_-]+)*(\.\*)?)$/;
const MAX_EVENT_TYPE_FILTERS = 100;
const MAX_EVENT_TYPE_FILTER_LENGTH = 128;
const MAX_METADATA_ENTRIES = 50;
const MAX_METADATA_KEY_LENGTH = 64;
const MAX_METADATA_VALUE_LENGTH = 512;

/** How a message names one item of a list: by its position, counted from 1 as people count, and its value. */
const nth = (noun: string, index: number, value: string) => `${noun} ${index + 1} ${JSON.stringify(value)}`;

function refusedHeaderReason(name: string): string | undefined {
  const lower = name.toLowerCase();
  return REFUSED_HEADERS[lower] ?? Object.entries(REFUSED_HEADER_PREFIXES).find(([prefix]) => lower.startsWith(prefix))?.[1];
}

// What HTTP allows (RFC 9110): a name is a token; a value is visible ASCII, with spaces and tabs
// inside. Anything else is refused here rather than failing every delivery.
function headerProblem(index: number, name: string, value: string): string | undefined {
  if (name === "") return `Header ${index + 1} has no name.`;
  if (name.length > MAX_HEADER_NAME_LENGTH) {
    return `Header ${index + 1} has a name longer than ${MAX_HEADER_NAME_LENGTH} characters: ${JSON.stringify(name.slice(0, 24))}…`;
  }
  const header = nth("Header", index, name);
  const ofHeader = `The value of header ${index + 1} ${JSON.stringify(name)}`;
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
    return `${header} is not a valid header name: use letters, digits and !#$%&'*+-.^_\`|~ only (no spaces, colons or other characters).`;
  }
  const refused = refusedHeaderReason(name);
  if (refused) return `${header} cannot be a custom header: ${refused}.`;
  if (value.length > MAX_HEADER_VALUE_LENGTH) return `${ofHeader} can be at most ${MAX_HEADER_VALUE_LENGTH} characters.`;
  if (/[\r\n]/.test(value)) return `${ofHeader} cannot contain line breaks.`;
  if (/\p{Cc}/u.test(value.replaceAll("\t", ""))) return `${ofHeader} cannot contain control characters.`;
  if (/[^\t -~]/.test(value)) return `${ofHeader} can contain ASCII characters only; encode others (e.g. percent-encoding or base64).`;
  return undefined;
}

/** http is for development: allowed only with TERN_ALLOW_HTTP=1 or TERN_ALLOW_PRIVATE_NETWORKS=1. */
function plainHttpAllowed(): boolean {
  return setting("TERN_ALLOW_HTTP") || privateNetworksAllowed();
}

export const endpointUrl = z
  .url({ error: "Enter a full URL, e.g. https://example.com/webhooks." })
  .max(2048, { error: "A URL can be at most 2,048 characters." })
  .superRefine((value, ctx) => {
    // Zod runs refinements even after .url() failed; only real URLs get the checks below.
    if (!URL.canParse(value)) return;
    const url = new URL(value);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && plainHttpAllowed())) {
      // An http:// URL is nearly always a receiver on the developer's own machine.
      ctx.addIssue({ code: "custom", message: url.protocol === "http:" ? `Use an https:// URL. ${LOCAL_DEVELOPMENT_HINT}` : "Use an https:// URL." });
      return;
    }
    if (url.username || url.password) ctx.addIssue({ code: "custom", message: "Put credentials in a custom header, not in the URL." });
    // Host names are resolved when the endpoint is saved (hostRefusal); literal IPs are refused here, with the other fields.
    const refused = literalHostRefusal(url);
    if (refused) ctx.addIssue({ code: "custom", message: refused });
  });

// Each filter is checked by the list, not by an item schema, so that a message can say which one
// it refuses; the item's rules are stated for the JSON Schema by hand.
const eventTypeFilter = z
  .array(z.string())
  .min(1, { error: "Subscribe to at least one event type (or * for all)." })
  .max(MAX_EVENT_TYPE_FILTERS, { error: `At most ${MAX_EVENT_TYPE_FILTERS} event type filters.` })
  .superRefine((filters, ctx) => {
    filters.forEach((filter, index) => {
      const problem =
        filter.length > MAX_EVENT_TYPE_FILTER_LENGTH
          ? `Event type filter ${index + 1} is longer than ${MAX_EVENT_TYPE_FILTER_LENGTH} characters.`
          : !EVENT_TYPE_FILTER_PATTERN.test(filter)
            ? `${nth("Event type filter", index, filter)} is not a valid pattern: use an event type name (letters, digits, _ and -, in parts joined by single dots), "*" for all, or "prefix.*".`
            : undefined;
      if (problem) ctx.addIssue({ code: "custom", message: problem, path: [index] });
    });
  })
  .meta({
    items: { type: "string", maxLength: MAX_EVENT_TYPE_FILTER_LENGTH, pattern: EVENT_TYPE_FILTER_PATTERN.source },
    description: 'Event type names, "*" for every type, or "prefix.*" for a family.',
  });

// An empty name is no name: the endpoint goes by its URL.
const endpointName = displayName({ max: MAX_NAME_LENGTH }).transform((name) => name || null);

// Tags are labels to group and find endpoints by, compared as written: lower-cased, so "Billing"
// and "billing" are one tag, and a tag given twice counts once.
const endpointTags = z
  .array(z.string().trim().toLowerCase())
  .overwrite((tags) => [...new Set(tags)])
  .max(MAX_TAGS, { error: (issue) => `At most ${MAX_TAGS} tags; there are ${(issue.input as string[]).length}.` })
  .superRefine((tags, ctx) => {
    tags.forEach((tag, index) => {
      const problem =
        tag === ""
          ? `Tag ${index + 1} is empty.`
          : TAG_PATTERN.test(tag)
            ? undefined
            : `${nth("Tag", index, tag)} can only hold lower-case letters, digits and _ . : - (starting with a letter or digit), at most 40 characters.`;
      if (problem) ctx.addIssue({ code: "custom", message: problem, path: [index] });
    });
  })
  .meta({
    items: { type: "string", pattern: TAG_PATTERN.source },
    description: `Up to ${MAX_TAGS} labels to group endpoints and filter the list by (?tag=), e.g. "billing" or "env:prod"; lower-cased, repeats dropped.`,
  });

/** The `?tag=` filter of endpoint lists: one tag, read as a tag is written. */
export const endpointTagFilter = z
  .string()
  .trim()
  .toLowerCase()
  .regex(TAG_PATTERN, { error: "A tag is lower-case letters, digits and _ . : - (starting with a letter or digit), at most 40 characters." })
  .describe("Only the endpoints with this tag.");

// Spaces and tabs around a value are not part of it in HTTP, so they are trimmed rather than refused.
const headerValue = z.string().transform((value) => value.replace(/^[ \t]+|[ \t]+$/g, ""));

const endpointHeaders = z
  .record(z.string(), headerValue)
  .superRefine((headers, ctx) => {
    const names = Object.keys(headers);
    if (names.length > MAX_CUSTOM_HEADERS)
      ctx.addIssue({ code: "custom", message: `At most ${MAX_CUSTOM_HEADERS} custom headers; there are ${names.length}.` });
    const seen = new Map<string, number>();
    Object.entries(headers).forEach(([name, value], index) => {
      const earlier = seen.get(name.toLowerCase());
      seen.set(name.toLowerCase(), index);
      const problem =
        earlier === undefined
          ? headerProblem(index, name, value)
          : `${nth("Header", index, name)} repeats header ${earlier + 1} ${JSON.stringify(names[earlier])}; header names ignore case, so keep one.`;
      if (problem) ctx.addIssue({ code: "custom", message: problem, path: [name] });
    });
  })
  .describe(
    `Up to ${MAX_CUSTOM_HEADERS} headers sent with every request: names are HTTP tokens, values printable ASCII (spaces and tabs around them are trimmed). ` +
      "Values are stored encrypted, shown only to keys with endpoints:write, and recorded on attempts as [redacted]. " +
      `Refused, as Tern or its HTTP client sets them or no webhook request can use them: ${[...Object.keys(REFUSED_HEADERS), ...Object.keys(REFUSED_HEADER_PREFIXES).map((prefix) => `${prefix}*`)].join(", ")}.`,
  );

const metadata = z
  .record(z.string(), z.string())
  .superRefine((entries, ctx) => {
    const keys = Object.keys(entries);
    if (keys.length > MAX_METADATA_ENTRIES) {
      ctx.addIssue({ code: "custom", message: `At most ${MAX_METADATA_ENTRIES} metadata entries; there are ${keys.length}.` });
    }
    for (const [key, value] of Object.entries(entries)) {
      const problem =
        key.length > MAX_METADATA_KEY_LENGTH
          ? `The metadata key ${JSON.stringify(`${key.slice(0, 24)}…`)} is longer than ${MAX_METADATA_KEY_LENGTH} characters.`
          : value.length > MAX_METADATA_VALUE_LENGTH
            ? `The value of metadata ${JSON.stringify(key)} is longer than ${MAX_METADATA_VALUE_LENGTH} characters.`
            : undefined;
      if (problem) ctx.addIssue({ code: "custom", message: problem, path: [key] });
    }
  })
  .describe(
    `Your own notes on the endpoint: up to ${MAX_METADATA_ENTRIES} string entries, keys of at most ${MAX_METADATA_KEY_LENGTH} characters, values of at most ${MAX_METADATA_VALUE_LENGTH}.`,
  );

const description = z.string().max(500, { error: "Use at most 500 characters for the description." });

const endpointTimeoutMs = z
  .number({ error: "Enter the timeout as a number of milliseconds." })
  .int({ error: "Enter the timeout as a whole number of milliseconds." })
  .min(1_000, { error: "The timeout is at least 1,000 ms (1 second)." })
  .max(30_000, { error: "The timeout is at most 30,000 ms (30 seconds)." });
const endpointRateLimit = z
  .number({ error: "Enter the rate limit as a number of deliveries per second." })
  .int({ error: "Enter the rate limit as a whole number of deliveries per second." })
  .min(1, { error: "The rate limit is at least 1 delivery per second; leave it out for no limit." })
  .max(10_000, { error: "The rate limit is at most 10,000 deliveries per second." });

export const createEndpointInput = z.strictObject({
  tenant: tenantRef
    .optional()
    .describe("The tenant (id or key) whose endpoint this is: it then receives only that tenant's events. Without it, the endpoint is the workspace's own."),
  name: endpointName
    .nullable()
    .default(null)
    .describe(
      `What people call the endpoint: at most ${MAX_NAME_LENGTH} characters; invisible and direction-changing characters are removed, and an empty name is none.`,
    ),
  url: endpointUrl,
  description: description.default(""),
  tags: endpointTags.default([]),
  eventTypes: eventTypeFilter,
  headers: endpointHeaders.default({}),
  enabled: z.boolean().default(true),
  rateLimit: endpointRateLimit.nullable().default(null),
  timeoutMs: endpointTimeoutMs.default(15_000),
  metadata: metadata.default({}),
});

export type CreateEndpointInput = z.output<typeof createEndpointInput>;

export const updateEndpointInput = z.strictObject({
  name: endpointName.nullable().optional().describe("A new name, or null to go by the URL again."),
  url: endpointUrl.optional(),
  description: description.optional(),
  tags: endpointTags.optional().describe("The endpoint's tags, replacing the ones it has."),
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

/** Enabling, disabling or deleting several endpoints at once (the console's list). */
export const bulkEndpointChange = z.object({
  operation: z.enum(["enable", "disable", "delete"]),
  endpointIds: z
    .array(z.string().min(1).max(64))
    .min(1, { error: "Select at least one endpoint." })
    .max(100, { error: "Select at most 100 endpoints at a time." }),
});

export type BulkEndpointChange = z.output<typeof bulkEndpointChange>;

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
  name: endpointName.nullable().default(null),
  url: endpointUrl,
  description: description.default(""),
  tags: z.preprocess((value) => list(value ?? ""), endpointTags),
  eventTypes: z.preprocess(list, eventTypeFilter),
  headers: z.preprocess(jsonObject, endpointHeaders),
  timeoutMs: z.preprocess((value) => Number(value ?? 15_000), endpointTimeoutMs),
  rateLimit: z.preprocess(optionalNumber, endpointRateLimit.nullable()),
  metadata: z.preprocess(keyValueLines, metadata),
});
