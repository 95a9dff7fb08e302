// What an agent can read besides calling tools: the event type catalog it publishes and
// subscribes with, and how a receiver checks Tern's signatures.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { type AuthenticatedKey, keyHasScope } from "@/lib/api-keys/api-keys";
import { listEventTypes } from "@/lib/event-types/event-types";
import { verificationSnippets } from "@/lib/webhooks/verification-snippets";

export const EVENT_TYPES_URI = "tern://event-types";
export const VERIFYING_SIGNATURES_URI = "tern://guides/verifying-signatures";

// A catalog is a few dozen types; past this many, list_event_types pages through the rest.
const MAX_CATALOG_PAGES = 10;
const CATALOG_PAGE_SIZE = 100;

async function eventTypeCatalog(workspaceId: string) {
  const types: Awaited<ReturnType<typeof listEventTypes>>["data"] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_CATALOG_PAGES; page++) {
    const { data, nextCursor } = await listEventTypes(workspaceId, { limit: CATALOG_PAGE_SIZE, cursor });
    types.push(...data);
    if (!nextCursor) return { eventTypes: types, complete: true };
    cursor = nextCursor;
  }
  return { eventTypes: types, complete: false, nextCursor: cursor, more: "The catalog goes on: call list_event_types with this cursor." };
}

function verifyingSignaturesGuide(): string {
  const snippets = verificationSnippets().map(({ language, install, code }) => {
    const fence = language === "Node.js" ? "js" : language.toLowerCase();
    return `## ${language}\n\n\`${install}\`\n\n\`\`\`${fence}\n${code}\n\`\`\``;
  });
  return `# Verifying Tern's webhook signatures

Every webhook is a POST whose JSON body is \`{"id", "type", "timestamp", "data"}\`, signed by the
Standard Webhooks scheme with the endpoint's signing secret (\`whsec_…\`, from create_endpoint or
rotate_endpoint_secret). Three headers carry the signature:

- \`webhook-id\`: the event's id, the same on every attempt: use it to ignore a webhook received twice.
- \`webhook-timestamp\`: when this attempt was signed, in Unix seconds.
- \`webhook-signature\`: \`v1,\` and the base64 HMAC-SHA256 of \`<webhook-id>.<webhook-timestamp>.<raw body>\`,
  keyed with the base64-decoded part of the secret after \`whsec_\`. During a secret rotation's grace
  period it holds two signatures separated by a space: accept the webhook if either matches.

Before trusting a webhook, check its signature on the raw body exactly as received (parsing and
re-serialising the JSON changes it), compare in constant time, and refuse timestamps more than five
minutes away from now. Then answer with any 2xx status within the endpoint's timeout: any other
answer, or none, is a failed attempt, and Tern tries again later. A Standard Webhooks library does
all of this:

${snippets.join("\n\n")}
`;
}

/** The catalog for keys that may read event types, and the verification guide for every key. */
export function registerResources(server: McpServer, key: AuthenticatedKey): void {
  if (keyHasScope(key, "event-types:read")) {
    server.registerResource(
      "event-types",
      EVENT_TYPES_URI,
      {
        title: "Event type catalog",
        description: "Every event type of the workspace, with its description, JSON Schema and example payload, then Tern's own tern.* types.",
        mimeType: "application/json",
      },
      async (uri) => ({ contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(await eventTypeCatalog(key.workspaceId)) }] }),
    );
  }
  server.registerResource(
    "verifying-signatures",
    VERIFYING_SIGNATURES_URI,
    {
      title: "Verifying webhook signatures",
      description: "How a receiver checks that a webhook came from Tern, with code for Node.js, Python, Go, Ruby and PHP.",
      mimeType: "text/markdown",
    },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: "text/markdown", text: verifyingSignaturesGuide() }] }),
  );
}
