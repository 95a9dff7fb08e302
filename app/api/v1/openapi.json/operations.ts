// Every REST operation, bound to the handler that serves it: the OpenAPI document is built from
// the handlers' own zod schemas, and a test checks that no route file is missing here.
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
    handler: eventsList.POST,
    success: { status: 202, description: `Accepted: {id, type, tenantId, createdAt}. ${TENANT_ID} An unknown tenant key creates the tenant (name = key).` },
    alsoAnswers: [ENGINE_STARTING],
  },
  {
    method: "GET",
    path: "/api/v1/events",
    summary: "List events",
    handler: eventsList.GET,
    success: { status: 200, description: `{data, nextCursor}, newest first. ${TENANT_ID}` },
  },
  {
    method: "GET",
    path: "/api/v1/events/{id}",
    summary: "Get an event with its deliveries",
    handler: event.GET,
    success: { status: 200, description: `The event and its deliveries. ${TENANT_ID}` },
  },
  {
    method: "POST",
    path: "/api/v1/events/{id}/replay",
    summary: "Replay an event to all or one endpoint",
    handler: eventReplay.POST,
    success: { status: 202, description: "{count} deliveries requested." },
    alsoAnswers: [ENGINE_STARTING],
  },
  {
    method: "GET",
    path: "/api/v1/endpoints",
    summary: "List endpoints",
    handler: endpointsList.GET,
    success: { status: 200, description: `{data, nextCursor}, newest first. ${TENANT_ID} ${HEADER_VALUES_SHOWN}` },
  },
  {
    method: "POST",
    path: "/api/v1/endpoints",
    summary: "Create an endpoint",
    handler: endpointsList.POST,
    success: { status: 201, description: `The endpoint, with its signing secret (shown here once). ${TENANT_ID}` },
    alsoAnswers: [{ status: 409, description: "The workspace, or the tenant, already has as many endpoints as it may." }],
  },
  {
    method: "GET",
    path: "/api/v1/endpoints/{id}",
    summary: "Get an endpoint",
    handler: endpoint.GET,
    success: { status: 200, description: `The endpoint. ${TENANT_ID} ${HEADER_VALUES_SHOWN}` },
  },
  {
    method: "PATCH",
    path: "/api/v1/endpoints/{id}",
    summary: "Update an endpoint",
    handler: endpoint.PATCH,
    success: { status: 200, description: "The updated endpoint." },
  },
  {
    method: "DELETE",
    path: "/api/v1/endpoints/{id}",
    summary: "Delete an endpoint",
    handler: endpoint.DELETE,
    success: { status: 204, description: "Deleted." },
  },
  {
    method: "GET",
    path: "/api/v1/endpoints/{id}/secret",
    summary: "Reveal the signing secret (audited)",
    handler: secret.GET,
    success: { status: 200, description: "{secret, previousSecret, previousSecretExpiresAt}." },
  },
  {
    method: "POST",
    path: "/api/v1/endpoints/{id}/secret/rotate",
    summary: "Rotate the signing secret",
    handler: secretRotate.POST,
    success: { status: 200, description: "{secret, previousSecretExpiresAt}." },
  },
  {
    method: "POST",
    path: "/api/v1/endpoints/{id}/test",
    summary: "Send a test event now",
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
    handler: endpointRecover.POST,
    success: { status: 202, description: "{count} deliveries requested." },
    alsoAnswers: [ENGINE_STARTING, { status: 409, description: "The endpoint is disabled: enable it first." }],
  },
  {
    method: "GET",
    path: "/api/v1/deliveries",
    summary: "List deliveries",
    handler: deliveriesList.GET,
    success: { status: 200, description: `{data, nextCursor}, newest first. ${TENANT_ID}` },
  },
  {
    method: "GET",
    path: "/api/v1/deliveries/{id}",
    summary: "Get a delivery with its attempts",
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
    handler: deliveryRetry.POST,
    success: { status: 202, description: "Retry requested." },
    alsoAnswers: [ENGINE_STARTING],
  },
  {
    method: "POST",
    path: "/api/v1/deliveries/retry",
    summary: "Retry up to 100 deliveries now",
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
    handler: stats.GET,
    success: {
      status: 200,
      description:
        "Totals by status (pending, retrying, succeeded, failed, skipped); the delivery success rate (of deliveries whose retries are over); attempts per delivery; attempts (total, 2xx, success rate); latency p50/p95/p99; status codes; top failing endpoints (failed and retrying deliveries); series by outcome, latency and attempts; retryingNow (deliveries whose last attempt failed and that wait for another) and failingEndpoints.",
    },
  },
  {
    method: "GET",
    path: "/api/v1/event-types",
    summary: "List event types",
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
    handler: eventTypesList.POST,
    success: { status: 201, description: "The event type." },
    alsoAnswers: [{ status: 409, description: "An event type of that name exists." }],
  },
  {
    method: "GET",
    path: "/api/v1/event-types/{name}",
    summary: "Get an event type",
    handler: eventType.GET,
    success: { status: 200, description: "The event type." },
  },
  {
    method: "PATCH",
    path: "/api/v1/event-types/{name}",
    summary: "Update an event type",
    handler: eventType.PATCH,
    success: { status: 200, description: "The updated event type." },
  },
  {
    method: "DELETE",
    path: "/api/v1/event-types/{name}",
    summary: "Delete an event type",
    handler: eventType.DELETE,
    success: { status: 204, description: "Deleted." },
  },
  {
    method: "GET",
    path: "/api/v1/tenants",
    summary: "List tenants",
    handler: tenantsList.GET,
    success: { status: 200, description: "{data, nextCursor}, newest first." },
  },
  {
    method: "POST",
    path: "/api/v1/tenants",
    summary: "Create a tenant",
    handler: tenantsList.POST,
    success: { status: 201, description: TENANT },
    alsoAnswers: [{ status: 409, description: "A tenant with this key exists." }],
  },
  {
    method: "PUT",
    path: "/api/v1/tenants/{tenant}",
    summary: "Create or update a tenant by its key",
    handler: tenant.PUT,
    success: { status: 200, description: `Updated (only the fields given change). ${TENANT}` },
    alsoAnswers: [{ status: 201, description: `Created. ${TENANT}` }],
  },
  {
    method: "GET",
    path: "/api/v1/tenants/{tenant}",
    summary: "Get a tenant",
    handler: tenant.GET,
    success: { status: 200, description: TENANT },
  },
  {
    method: "PATCH",
    path: "/api/v1/tenants/{tenant}",
    summary: "Update, disable or enable a tenant",
    handler: tenant.PATCH,
    success: { status: 200, description: "The updated tenant." },
  },
  {
    method: "DELETE",
    path: "/api/v1/tenants/{tenant}",
    summary: "Delete a tenant with its endpoints, events and deliveries",
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
    handler: portalSessions.DELETE,
    success: { status: 200, description: "{revoked}: how many open sessions were ended." },
  },
  {
    method: "GET",
    path: "/api/v1/audit-log",
    summary: "List the audit log",
    handler: auditLog.GET,
    success: {
      status: 200,
      description:
        'Every change and secret reveal in the workspace, from the console, the API and the portal: {data, nextCursor}, newest first. Each entry: {id, createdAt, action, actor: {type (user | api_key | portal | system), id, name}, target: {type, id}, details}. Filter by actor (a user, API key or tenant id, or "system"), action, and a time range (since inclusive, until exclusive).',
    },
  },
];
