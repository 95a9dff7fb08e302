// Every REST operation, bound to the handler that serves it: the OpenAPI document and the MCP
// server's tools are built from the handlers' own zod schemas, and a test checks that no route
// file is missing here.
import * as auditLog from "@/app/api/v1/audit-log/route";
import * as deliveryRetry from "@/app/api/v1/deliveries/[id]/retry/route";
import * as delivery from "@/app/api/v1/deliveries/[id]/route";
import * as deliveriesRetry from "@/app/api/v1/deliveries/retry/route";
import * as deliveriesList from "@/app/api/v1/deliveries/route";
import * as endpointRecover from "@/app/api/v1/endpoints/[id]/recover/route";
import * as endpoint from "@/app/api/v1/endpoints/[id]/route";
import * as secretRotate from "@/app/api/v1/endpoints/[id]/secret/rotate/route";
import * as secret from "@/app/api/v1/endpoints/[id]/secret/route";
import * as endpointTest from "@/app/api/v1/endpoints/[id]/test/route";
import * as endpointsList from "@/app/api/v1/endpoints/route";
import * as eventType from "@/app/api/v1/event-types/[name]/route";
import * as eventTypesList from "@/app/api/v1/event-types/route";
import * as eventReplay from "@/app/api/v1/events/[id]/replay/route";
import * as event from "@/app/api/v1/events/[id]/route";
import * as eventsBatch from "@/app/api/v1/events/batch/route";
import * as eventsList from "@/app/api/v1/events/route";
import * as stats from "@/app/api/v1/stats/route";
import * as portalSessions from "@/app/api/v1/tenants/[tenant]/portal-sessions/route";
import * as tenant from "@/app/api/v1/tenants/[tenant]/route";
import * as tenantsList from "@/app/api/v1/tenants/route";
import type { DocumentedOperation } from "@/lib/api/openapi";

const TENANT = "The tenant: {id, key, name, metadata, disabled, disabledReason, disabledAt, createdAt, updatedAt}.";
const TENANT_ID = "tenantId is the tenant it belongs to, null for the workspace's own.";
// Operations that hand work to the delivery engine wait for it to have loaded its functions.
const ENGINE_STARTING = { status: 503, description: "The delivery engine is starting; try again after Retry-After." };
const HEADER_VALUES_SHOWN =
  "Custom header values are credentials to the receiver: keys with endpoints:write see them, keys with endpoints:read alone see each header's name with the value [redacted].";

export const operations: DocumentedOperation[] = [
  {
    method: "POST",
    path: "/api/v1/events",
    summary: "Publish an event",
    description: `Publish an event: Tern stores it and delivers it, signed, to every enabled endpoint subscribed to its type, retrying failures on its schedule. Use it when something happened that subscribers should hear about. type names the event (e.g. "invoice.paid"; see list_event_types); data is the JSON object receivers get as the webhook's data. tenant (a tenant id or your own customer key) sends it only to that customer's endpoints; without it, only the workspace's own endpoints receive it. idempotencyKey makes retrying this call safe: a repeat within 24 hours returns the first event and sends nothing again. occurredAt (ISO 8601) says when it happened, now by default. A workspace in strict mode takes only types in its catalog, with data matching the type's JSON Schema: a mismatch answers 422 naming the failing path (e.g. data.amount). Example: {"type": "invoice.paid", "tenant": "cus_8412", "data": {"invoiceId": "in_1", "amount": 4200}}. The answer is the event's id: follow its deliveries with list_deliveries (eventId).`,
    mcp: { tool: "publish_event" },
    handler: eventsList.POST,
    success: { status: 202, description: `Accepted: {id, type, tenantId, createdAt}. ${TENANT_ID} An unknown tenant key creates the tenant (name = key).` },
    alsoAnswers: [ENGINE_STARTING],
  },
  {
    method: "POST",
    path: "/api/v1/events/batch",
    summary: "Publish up to 100 events at once",
    description: `Publish many events in one call: 1 to 100 in events, each with exactly the fields of publish_event (type, data, and optionally tenant, idempotencyKey, occurredAt). Use it instead of repeated publish_event calls when you have several events at hand, e.g. draining a queue or a backfill: one request, one statement, the same deliveries. Each event is checked and answered on its own, so one refused event never holds back the others: the answer is 200 with data, one result per event in the order sent, each with its index and status: 202 stored ({id, type, tenantId, createdAt}), 200 with duplicate: true when its idempotencyKey names an event published in the last 24 hours (that event, nothing sent again; a key repeated within the batch also counts as such), or a problem (422 invalid, with errors naming fields like events.2.data.amount; 413 data over 256 KiB; 409 try again). Check every result's status. Each event counts as one request against the API key's rate limit. Example: {"events": [{"type": "invoice.paid", "tenant": "cus_8412", "idempotencyKey": "in_1-paid", "data": {"invoiceId": "in_1", "amount": 4200}}, {"type": "invoice.paid", "tenant": "cus_9120", "data": {"invoiceId": "in_2", "amount": 990}}]}.`,
    mcp: { tool: "publish_events" },
    handler: eventsBatch.POST,
    success: {
      status: 200,
      description: `{data}: a result per event, in the order sent, each with its index and status: 202 with {id, type, tenantId, createdAt} for a new event, 200 with duplicate: true and the same fields for the event an idempotencyKey already named, or a problem (type, title, status, detail, errors naming events.<index>.<field>). ${TENANT_ID}`,
    },
    alsoAnswers: [ENGINE_STARTING],
  },
  {
    method: "GET",
    path: "/api/v1/events",
    summary: "List events",
    description: `List published events, newest first, to find an event's id or see what was sent recently. Filter by type (a name, "invoice.*" for a family, or "*") and by tenant (id or key). Pages of limit (1–100, 50 by default): pass nextCursor back as cursor for the next page.`,
    mcp: { tool: "list_events" },
    handler: eventsList.GET,
    success: { status: 200, description: `{data, nextCursor}, newest first. ${TENANT_ID}` },
  },
  {
    method: "GET",
    path: "/api/v1/events/{id}",
    summary: "Get an event with its deliveries",
    description:
      "Get one event (evt_…) with its payload and its deliveries, one per endpoint it was sent to, each with its status (pending, retrying, succeeded, failed, skipped). Use it to see where an event went; get_delivery shows a delivery's attempts.",
    mcp: { tool: "get_event" },
    handler: event.GET,
    success: { status: 200, description: `The event and its deliveries. ${TENANT_ID}` },
  },
  {
    method: "POST",
    path: "/api/v1/events/{id}/replay",
    summary: "Replay an event to all or one endpoint",
    description:
      "Send an event (evt_…) again: to every endpoint it was delivered to, or only to endpointId (ep_…), which may be an endpoint it never reached, e.g. one created after the event. Use it after a receiver lost or mishandled events. Each send is one more attempt on the event's delivery to that endpoint.",
    mcp: { tool: "replay_event" },
    handler: eventReplay.POST,
    success: { status: 202, description: "{count} deliveries requested." },
    alsoAnswers: [ENGINE_STARTING],
  },
  {
    method: "GET",
    path: "/api/v1/endpoints",
    summary: "List endpoints",
    description:
      "List endpoints (the URLs that receive webhooks), newest first, with their name, URL, tags, subscribed event types, enabled state and tenant. Filter by tenant (id or key) for one customer's endpoints, or by tag. Pages of limit (1–100): pass nextCursor back as cursor.",
    mcp: { tool: "list_endpoints" },
    handler: endpointsList.GET,
    success: { status: 200, description: `{data, nextCursor}, newest first. ${TENANT_ID} ${HEADER_VALUES_SHOWN}` },
  },
  {
    method: "POST",
    path: "/api/v1/endpoints",
    summary: "Create an endpoint",
    description: `Create an endpoint: a URL that receives, signed, every event of the types it subscribes to. url is where Tern POSTs (https). eventTypes lists what it receives: exact names ("invoice.paid"), "prefix.*" ("invoice.*"), or "*" for every type except Tern's own tern.* types, which must be named. tenant (id or key) makes it that customer's endpoint, receiving only that customer's events; without it the endpoint is the workspace's own. Optional: name, what people call it; tags, up to 10 lower-case labels to group and filter endpoints by (e.g. "billing", "env:prod"); description; headers sent with every request (e.g. {"Authorization": "Bearer …"}); enabled (true by default); rateLimit, the most requests per second it receives (null for no limit); timeoutMs, how long Tern waits for an answer (1000–30000, 15000 by default); metadata, string pairs for your own use. Example: {"url": "https://example.com/webhooks", "eventTypes": ["invoice.*"], "tenant": "cus_8412"}. The answer holds the signing secret (whsec_…) once: the receiver needs it to verify signatures (see the resource tern://guides/verifying-signatures).`,
    mcp: { tool: "create_endpoint" },
    handler: endpointsList.POST,
    success: { status: 201, description: `The endpoint, with its signing secret (shown here once). ${TENANT_ID}` },
    alsoAnswers: [{ status: 409, description: "The workspace, or the tenant, already has as many endpoints as it may." }],
  },
  {
    method: "GET",
    path: "/api/v1/endpoints/{id}",
    summary: "Get an endpoint",
    description:
      "Get one endpoint (ep_…): its name, URL, tags, event types, custom header names, rate limit, timeout, metadata, tenant, and whether it is enabled (and if not, why and since when). Use get_stats with endpointId for how its deliveries are doing.",
    mcp: { tool: "get_endpoint" },
    handler: endpoint.GET,
    success: { status: 200, description: `The endpoint. ${TENANT_ID} ${HEADER_VALUES_SHOWN}` },
  },
  {
    method: "PATCH",
    path: "/api/v1/endpoints/{id}",
    summary: "Update an endpoint",
    description: `Change an endpoint (ep_…): give only the fields to change — name (null to go by the URL), tags and eventTypes (each replaces the list), url, description, headers (replaces them all), enabled (false stops deliveries to it; true enables it again), rateLimit (requests per second, null for none), timeoutMs (1000–30000), metadata. Example: {"id": "ep_…", "enabled": false}.`,
    mcp: { tool: "update_endpoint" },
    handler: endpoint.PATCH,
    success: { status: 200, description: "The updated endpoint." },
  },
  {
    method: "DELETE",
    path: "/api/v1/endpoints/{id}",
    summary: "Delete an endpoint",
    description:
      "Delete an endpoint (ep_…) for good: it receives nothing more, and deliveries still waiting for it are not sent. To pause it instead, use update_endpoint with enabled false.",
    mcp: { tool: "delete_endpoint" },
    handler: endpoint.DELETE,
    success: { status: 204, description: "Deleted." },
  },
  {
    method: "GET",
    path: "/api/v1/endpoints/{id}/secret",
    summary: "Reveal the signing secret (audited)",
    description: "Reveal an endpoint's signing secret, and its previous one during a rotation's grace period. Every reveal is recorded in the audit log.",
    mcp: {
      excluded:
        "A secret read into a conversation stays in its transcript, beyond the workspace's control. An agent gets the secret when it must hand it on: from create_endpoint and rotate_endpoint_secret.",
    },
    handler: secret.GET,
    success: { status: 200, description: "{secret, previousSecret, previousSecretExpiresAt}." },
  },
  {
    method: "POST",
    path: "/api/v1/endpoints/{id}/secret/rotate",
    summary: "Rotate the signing secret",
    description:
      "Give an endpoint (ep_…) a new signing secret, e.g. when the old one may have leaked. During graceSeconds (0–604800, a day by default) every webhook is signed with both secrets, so the receiver can switch over without losing any; 0 ends the old secret at once. The answer holds the new secret: pass it to the receiver's owner.",
    mcp: { tool: "rotate_endpoint_secret" },
    handler: secretRotate.POST,
    success: { status: 200, description: "{secret, previousSecretExpiresAt}." },
  },
  {
    method: "POST",
    path: "/api/v1/endpoints/{id}/test",
    summary: "Send a test event now",
    description:
      "Send one signed test event to an endpoint (ep_…) now and wait for its answer: use it to check that a receiver is reachable and verifies signatures. eventType picks the type to send (the tern.test type by default) and data the payload (the type's example from the catalog by default). The answer is the attempt: succeeded, HTTP status, latency, the response's headers and body, or the error. It is recorded as a delivery, marked test, and never retried.",
    mcp: { tool: "send_test_event" },
    handler: endpointTest.POST,
    success: {
      status: 200,
      description:
        "The attempt: status, latency, response headers and body (responseBodyBinary: the body was not UTF-8 text, and its unreadable bytes show as U+FFFD).",
    },
  },
  {
    method: "POST",
    path: "/api/v1/endpoints/{id}/recover",
    summary: "Re-send failed deliveries since a time",
    description: `Re-send every delivery of an endpoint (ep_…) that has not succeeded since a time: use it after the receiver was down, once it is back. since is an ISO 8601 time at most 14 days ago, e.g. "2026-11-28T09:00:00Z"; at most 10,000 deliveries are sent again. A disabled endpoint must be enabled first (update_endpoint).`,
    mcp: { tool: "recover_endpoint" },
    handler: endpointRecover.POST,
    success: { status: 202, description: "{count} deliveries requested." },
    alsoAnswers: [ENGINE_STARTING, { status: 409, description: "The endpoint is disabled: enable it first." }],
  },
  {
    method: "GET",
    path: "/api/v1/deliveries",
    summary: "List deliveries",
    description: `List deliveries (one event to one endpoint, with all its attempts), newest first, to find failures or follow an event. Filters: status (pending: not tried yet; retrying: failed, another attempt is scheduled; succeeded; failed: retries exhausted; skipped: not sent, e.g. the tenant is disabled), endpointId, eventId, eventType, tenant, and a time range since (inclusive) and until (exclusive) in ISO 8601. order is newest (default) or oldest. Pages of limit (1–100): pass nextCursor back as cursor. Example: {"status": "failed", "since": "2026-11-28T00:00:00Z"}.`,
    mcp: { tool: "list_deliveries" },
    handler: deliveriesList.GET,
    success: { status: 200, description: `{data, nextCursor}, newest first. ${TENANT_ID}` },
  },
  {
    method: "GET",
    path: "/api/v1/deliveries/{id}",
    summary: "Get a delivery with its attempts",
    description:
      "Get one delivery (dlv_…) with every attempt: when it was sent, the request headers (custom values redacted), the response status, headers and body, latency, and the error. Use it to see why a delivery failed.",
    mcp: { tool: "get_delivery" },
    handler: delivery.GET,
    success: {
      status: 200,
      description:
        "The delivery (tenantId: its tenant, null for the workspace's own) and its attempts, each with the request headers as sent (every custom header's value shows as [redacted]), its response headers and body (responseBodyBinary: the body was not UTF-8 text, and its unreadable bytes show as U+FFFD).",
    },
  },
  {
    method: "POST",
    path: "/api/v1/deliveries/{id}/retry",
    summary: "Retry a delivery now",
    description:
      "Send a delivery (dlv_…) again now, whatever its status: one more attempt, signed afresh. Use it once the reason it failed is fixed; for many deliveries use retry_deliveries, for everything an endpoint missed use recover_endpoint.",
    mcp: { tool: "retry_delivery" },
    handler: deliveryRetry.POST,
    success: { status: 202, description: "Retry requested." },
    alsoAnswers: [ENGINE_STARTING],
  },
  {
    method: "POST",
    path: "/api/v1/deliveries/retry",
    summary: "Retry up to 100 deliveries now",
    description:
      "Send up to 100 deliveries again now, by their ids (dlv_…): one more attempt each. Ids not in the workspace, or not of tenant when it is given, are skipped; the answer counts the retries requested.",
    mcp: { tool: "retry_deliveries" },
    handler: deliveriesRetry.POST,
    success: {
      status: 202,
      description: "{count} retries requested: ids not found in the workspace, or not of the tenant `tenant` names when given, are skipped.",
    },
    alsoAnswers: [ENGINE_STARTING],
  },
  {
    method: "GET",
    path: "/api/v1/stats",
    summary: "Delivery health over a time range",
    description: `How deliveries are doing: totals by status, the delivery success rate, attempts, latency p50/p95/p99, status codes, the endpoints failing most, and series over time. Use it to answer "is anything failing?" or "how is this endpoint doing?". from and to (ISO 8601) bound the range, the last 24 hours by default; endpointId or tenant narrow it; bucket (hour or day) sets the series' step.`,
    mcp: { tool: "get_stats" },
    handler: stats.GET,
    success: {
      status: 200,
      description:
        "Totals by status (pending, retrying, succeeded, failed, skipped); the delivery success rate (of deliveries whose retries are over); attempts per delivery; attempts (total, 2xx, success rate); latency p50/p95/p99; status codes, and statusClasses (attempts by 2xx, 3xx, 4xx, 5xx, timeout, refused — no connection —, other); top failing endpoints (failed and retrying deliveries); series by outcome, latency (p50, p95, p99) and attempts (by the same classes); retryingNow (deliveries whose last attempt failed and that wait for another) and failingEndpoints.",
    },
  },
  {
    method: "GET",
    path: "/api/v1/event-types",
    summary: "List event types",
    description:
      "List the event type catalog: the types this workspace publishes, each with its description, JSON Schema and example payload, then Tern's own read-only tern.* types (builtIn). Use it before publish_event or create_endpoint to find type names; search narrows it to types whose name or description contains the text. Pages of limit (1–100): pass nextCursor back as cursor. The resource tern://event-types holds the whole catalog.",
    mcp: { tool: "list_event_types" },
    handler: eventTypesList.GET,
    success: {
      status: 200,
      description:
        "{data, nextCursor}: the workspace's types newest first, then Tern's own tern.* types (builtIn: true, read-only); the portal lists only the workspace's.",
    },
  },
  {
    method: "POST",
    path: "/api/v1/event-types",
    summary: "Create an event type",
    description: `Add an event type to the catalog, documenting an event the workspace publishes. name uses letters, digits, dots, dashes and underscores, e.g. "invoice.paid" (not starting with tern., which is Tern's own); description says when it is sent; schema is the JSON Schema (draft 2020-12) of its data, checked when saved; example is a sample data object the schema must accept (send_test_event sends it). Unless the workspace is in strict mode, publishing does not need the type listed here; in strict mode, only listed types are accepted, with data matching their schema.`,
    mcp: { tool: "create_event_type" },
    handler: eventTypesList.POST,
    success: { status: 201, description: "The event type." },
    alsoAnswers: [{ status: 409, description: "An event type of that name exists." }],
  },
  {
    method: "GET",
    path: "/api/v1/event-types/{name}",
    summary: "Get an event type",
    description: `Get one event type by name (e.g. "invoice.paid"), with its description, JSON Schema and example payload.`,
    mcp: { tool: "get_event_type" },
    handler: eventType.GET,
    success: { status: 200, description: "The event type." },
  },
  {
    method: "PATCH",
    path: "/api/v1/event-types/{name}",
    summary: "Update an event type",
    description:
      "Change an event type's description, schema (JSON Schema of its data) or example: give only what changes; null clears schema or example. Tern's own tern.* types cannot be changed.",
    mcp: { tool: "update_event_type" },
    handler: eventType.PATCH,
    success: { status: 200, description: "The updated event type." },
  },
  {
    method: "DELETE",
    path: "/api/v1/event-types/{name}",
    summary: "Delete an event type",
    description:
      "Remove an event type from the catalog; endpoints subscribed to it keep their filters. Unless the workspace is in strict mode, events of that type can still be published and delivered; in strict mode they are refused from then on.",
    mcp: { tool: "delete_event_type" },
    handler: eventType.DELETE,
    success: { status: 204, description: "Deleted." },
  },
  {
    method: "GET",
    path: "/api/v1/tenants",
    summary: "List tenants",
    description:
      "List tenants (your customers, each with its own endpoints), newest first. search finds those whose key or name starts with it. Pages of limit (1–100): pass nextCursor back as cursor.",
    mcp: { tool: "list_tenants" },
    handler: tenantsList.GET,
    success: { status: 200, description: "{data, nextCursor}, newest first." },
  },
  {
    method: "POST",
    path: "/api/v1/tenants",
    summary: "Create a tenant",
    description: `Create a tenant: one of your customers, whose endpoints receive only events published for it. key is your own id for the customer (e.g. "cus_8412"); name is shown in the console (the key by default); metadata is any JSON object. Fails if the key exists: upsert_tenant creates or updates in one call.`,
    mcp: { tool: "create_tenant" },
    handler: tenantsList.POST,
    success: { status: 201, description: TENANT },
    alsoAnswers: [{ status: 409, description: "A tenant with this key exists." }],
  },
  {
    method: "PUT",
    path: "/api/v1/tenants/{tenant}",
    summary: "Create or update a tenant by its key",
    description: `Create a tenant by its key, or update it if it exists: the one call to make when a customer signs up or changes. tenant is your key for the customer (e.g. "cus_8412"), or the id (tnt_…) of an existing tenant; name and metadata change only when given. Publishing for an unknown key also creates the tenant, so this is needed only to set a name or metadata.`,
    mcp: { tool: "upsert_tenant" },
    handler: tenant.PUT,
    success: { status: 200, description: `Updated (only the fields given change). ${TENANT}` },
    alsoAnswers: [{ status: 201, description: `Created. ${TENANT}` }],
  },
  {
    method: "GET",
    path: "/api/v1/tenants/{tenant}",
    summary: "Get a tenant",
    description: "Get one tenant by its id (tnt_…) or key: name, metadata, and whether it is disabled (and why).",
    mcp: { tool: "get_tenant" },
    handler: tenant.GET,
    success: { status: 200, description: TENANT },
  },
  {
    method: "PATCH",
    path: "/api/v1/tenants/{tenant}",
    summary: "Update, disable or enable a tenant",
    description:
      "Change a tenant (by id or key): name, metadata, or disabled. A disabled tenant's events are still stored but its deliveries are skipped, with disabledReason shown beside them; disabled false sends its new events again.",
    mcp: { tool: "update_tenant" },
    handler: tenant.PATCH,
    success: { status: 200, description: "The updated tenant." },
  },
  {
    method: "DELETE",
    path: "/api/v1/tenants/{tenant}",
    summary: "Delete a tenant with its endpoints, events and deliveries",
    description:
      "Delete a tenant (by id or key) with all its endpoints, events and deliveries: it cannot be undone. Its key is free at once; its data is deleted in the background. To stop its webhooks but keep its history, use update_tenant with disabled true.",
    mcp: { tool: "delete_tenant" },
    handler: tenant.DELETE,
    success: {
      status: 204,
      description: "Deleted: the tenant is gone from every list and lookup now, and its key free; its data is deleted in the background.",
    },
    alsoAnswers: [ENGINE_STARTING],
  },
  {
    method: "POST",
    path: "/api/v1/tenants/{tenant}/portal-sessions",
    summary: "Open a portal session for a tenant",
    description:
      "Create a link to the webhook portal for one tenant (by id or key): there the customer manages their own endpoints, sees their deliveries and learns to verify signatures, and sees nothing of other tenants. Send the customer to the url (or embed it in an iframe); it works for expiresInSeconds (60–604800, an hour by default). readOnly true lets them look without changing anything; returnUrl is where the portal's back link leads.",
    mcp: { tool: "create_portal_link" },
    handler: portalSessions.POST,
    success: {
      status: 201,
      description:
        "{url, token, expiresAt}: send the tenant's user to url (a link, or the src of an iframe); the token travels in its fragment and opens this tenant alone until expiresAt.",
    },
  },
  {
    method: "DELETE",
    path: "/api/v1/tenants/{tenant}/portal-sessions",
    summary: "Revoke every open portal session of a tenant",
    description: "End every open portal link of a tenant (by id or key) now, e.g. when a link was shared by mistake. The answer counts the sessions ended.",
    mcp: { tool: "revoke_portal_links" },
    handler: portalSessions.DELETE,
    success: { status: 200, description: "{revoked}: how many open sessions were ended." },
  },
  {
    method: "GET",
    path: "/api/v1/audit-log",
    summary: "List the audit log",
    description: `Read the audit log: every change and secret reveal in the workspace, by whom (a member, an API key, a tenant in the portal, or Tern itself), newest first. Filter by actor (a user, API key or tenant id, or "system"), action (e.g. "endpoint.created"), and a time range since (inclusive) and until (exclusive) in ISO 8601. Pages of limit (1–100): pass nextCursor back as cursor.`,
    mcp: { tool: "list_audit_log" },
    handler: auditLog.GET,
    success: {
      status: 200,
      description:
        'Every change and secret reveal in the workspace, from the console, the API and the portal: {data, nextCursor}, newest first. Each entry: {id, createdAt, action, actor: {type (user | api_key | portal | system), id, name}, target: {type, id}, details}. Filter by actor (a user, API key or tenant id, or "system"), action, and a time range (since inclusive, until exclusive).',
    },
  },
];
