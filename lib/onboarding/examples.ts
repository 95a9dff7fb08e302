// Commands to copy from the console's checklist and empty lists: each works as pasted, given a key.

/** Where the key goes when the page does not have one to show: an environment variable the shell fills in. */
const API_KEY_PLACEHOLDER = "$TERN_API_KEY";

type Example = { origin: string; apiKey?: string };

// Wrapped in single quotes, a JSON body reaches curl exactly as written (a ' inside is closed, escaped and reopened).
const shellQuoted = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

function curlPost(path: string, body: unknown, { origin, apiKey = API_KEY_PLACEHOLDER }: Example): string {
  return [
    `curl -X POST ${origin}${path} \\`,
    `  -H "Authorization: Bearer ${apiKey}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d ${shellQuoted(JSON.stringify(body))}`,
  ].join("\n");
}

/** Publishing one event of `type`: every endpoint subscribed to it receives it. */
export function publishEventCurl(example: Example & { type?: string; data?: Record<string, unknown> }): string {
  const { type = "invoice.paid", data = { id: "inv_1042", amount: 4200, currency: "EUR" } } = example;
  return curlPost("/api/v1/events", { type, data }, example);
}

/** Adding an endpoint that receives every event type. */
export function createEndpointCurl(example: Example): string {
  return curlPost("/api/v1/endpoints", { url: "https://example.com/webhooks", eventTypes: ["*"] }, example);
}

/** Adding an event type to the catalog, with the JSON Schema of its data and an example. */
export function createEventTypeCurl(example: Example): string {
  return curlPost(
    "/api/v1/event-types",
    {
      name: "invoice.paid",
      description: "An invoice was paid in full.",
      schema: { type: "object", required: ["id", "amount"], properties: { id: { type: "string" }, amount: { type: "integer", minimum: 0 } } },
      example: { id: "inv_1042", amount: 4200 },
    },
    example,
  );
}
