import { and, arrayContains, eq, inArray, isNull, sql } from "drizzle-orm";
import { type Database, db, type Transaction } from "@/db";
import { type Endpoint, endpoints, type MemberRole, tenants, workspaces } from "@/db/schema";
import { keysetOrder, pastCursor, toPage } from "@/lib/api/pagination";
import { previousPageCursor } from "@/lib/api/previous-page";
import { type AuthenticatedKey, keyHasScope } from "@/lib/api-keys/api-keys";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, hasRole } from "@/lib/auth/roles";
import { setting } from "@/lib/config/settings";
import { decryptSecret, decryptValues, encryptSecret, encryptValues } from "@/lib/crypto/secret-box";
import { isFailing } from "@/lib/endpoints/endpoint-health";
import type { BulkEndpointChange, CreateEndpointInput, UpdateEndpointInput } from "@/lib/endpoints/schemas";
import { DomainError } from "@/lib/errors";
import {
  type EndpointRef,
  emitEndpointCreated,
  emitEndpointDeleted,
  emitEndpointDisabled,
  emitEndpointEnabled,
  emitEndpointUpdated,
} from "@/lib/events/operational";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { tenantFilter } from "@/lib/tenants/filter";
import { tenantNamed } from "@/lib/tenants/tenants";
import { REDACTED_HEADER_VALUE } from "@/lib/webhooks/message";
import { generateSigningSecret } from "@/lib/webhooks/sign";
import { hostRefusal } from "@/lib/webhooks/ssrf";

/**
 * Whether a reader sees custom header values: they are credentials to the receiver, so only those
 * who may change the endpoint (admins, keys with endpoints:write) see them; everyone else the names.
 */
type HeaderValues = "shown" | "redacted";

/** What a console member (by role) or an API key may see of header values. */
export function headerValuesFor(reader: MemberRole | AuthenticatedKey): HeaderValues {
  const mayChangeEndpoints = typeof reader === "string" ? hasRole(reader, "admin") : keyHasScope(reader, "endpoints:write");
  return mayChangeEndpoints ? "shown" : "redacted";
}

/** An endpoint as the API and console show it: everything but the encrypted secrets, header values only if `headerValues` is "shown". */
function toPublicEndpoint(endpoint: Endpoint, headerValues: HeaderValues) {
  return {
    id: endpoint.id,
    tenantId: endpoint.tenantId,
    name: endpoint.name,
    url: endpoint.url,
    description: endpoint.description,
    tags: endpoint.tags,
    eventTypes: endpoint.eventTypes,
    headers:
      headerValues === "shown"
        ? customHeaderValues(endpoint)
        : Object.fromEntries(Object.keys(endpoint.headersEncrypted).map((name) => [name, REDACTED_HEADER_VALUE])),
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason,
    disabledAt: endpoint.disabledAt,
    timeoutMs: endpoint.timeoutMs,
    rateLimit: endpoint.rateLimit,
    metadata: endpoint.metadata,
    createdAt: endpoint.createdAt,
    updatedAt: endpoint.updatedAt,
  };
}
export type PublicEndpoint = ReturnType<typeof toPublicEndpoint>;

const notFound = () => new DomainError("not_found", "No such endpoint in this workspace.");

/** Refuses a URL whose host is blocked now (resolved outside any transaction); the sender checks again on every connection. */
async function assertPublicUrl(url: string): Promise<void> {
  const refused = await hostRefusal(new URL(url));
  if (refused) throw new DomainError("invalid", refused, "url");
}

const plural = (count: number, noun: string) => `${count.toLocaleString("en-US")} ${noun}${count === 1 ? "" : "s"}`;

// Creations for one owner queue on its row (the workspace's, or the tenant's), so two of them
// cannot both see room for one more. The workspace cap counts its own endpoints, the tenant cap
// (a workspace setting) each tenant's.
async function assertRoomForEndpoint(tx: Transaction, workspaceId: string, tenantRef: string | undefined): Promise<string | null> {
  if (tenantRef === undefined) {
    await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, workspaceId)).for("no key update");
    const limit = setting("TERN_MAX_ENDPOINTS_PER_WORKSPACE");
    if ((await tx.$count(endpoints, and(eq(endpoints.workspaceId, workspaceId), isNull(endpoints.tenantId)))) < limit) return null;
    throw new DomainError(
      "conflict",
      `This workspace already has ${plural(limit, "endpoint")} of its own, the most it can have. Delete endpoints it no longer needs, or ask the operator to raise TERN_MAX_ENDPOINTS_PER_WORKSPACE.`,
    );
  }
  const [tenant] = await tx
    .select({ id: tenants.id, key: tenants.key, limit: workspaces.maxEndpointsPerTenant })
    .from(tenants)
    .innerJoin(workspaces, eq(workspaces.id, tenants.workspaceId))
    .where(tenantNamed(workspaceId, tenantRef))
    .for("no key update", { of: tenants });
  if (!tenant) throw new DomainError("invalid", `No tenant with the id or key "${tenantRef}" in this workspace.`, "tenant");
  if ((await tx.$count(endpoints, eq(endpoints.tenantId, tenant.id))) < tenant.limit) return tenant.id;
  throw new DomainError(
    "conflict",
    `The tenant "${tenant.key}" already has ${plural(tenant.limit, "endpoint")}, the most a tenant can have in this workspace. Delete endpoints it no longer needs, or raise the limit in Settings.`,
  );
}

export async function createEndpoint(workspaceId: string, { headers, tenant: tenantRef, ...input }: CreateEndpointInput, actor: Actor) {
  await assertPublicUrl(input.url);
  const secret = generateSigningSecret();
  const created = await db.transaction(async (tx) => {
    const tenantId = await assertRoomForEndpoint(tx, workspaceId, tenantRef);
    const [endpoint] = await tx
      .insert(endpoints)
      .values({ id: newId("ep"), workspaceId, tenantId, ...input, headersEncrypted: encryptValues(headers), secretEncrypted: encryptSecret(secret) })
      .returning();
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: "endpoint.created",
      targetType: "endpoint",
      targetId: endpoint!.id,
      details: {
        url: input.url,
        eventTypes: input.eventTypes,
        ...(input.name !== null && { name: input.name }),
        ...(input.tags.length > 0 && { tags: input.tags }),
        ...(tenantId && { tenantId }),
      },
    });
    return { ...toPublicEndpoint(endpoint!, "shown"), secret };
  });
  await emitEndpointCreated({ ...operationalRef(workspaceId, created), eventTypes: created.eventTypes, createdAt: created.createdAt });
  return created;
}

/** The endpoint as Tern's operational events name it. */
const operationalRef = (workspaceId: string, endpoint: { id: string; tenantId: string | null; url: string }): EndpointRef => ({
  workspaceId,
  endpointId: endpoint.id,
  tenantId: endpoint.tenantId,
  url: endpoint.url,
});

/** The endpoint, unless it is not the workspace's or its tenant is deleted (its data is on the way out). */
export async function findEndpoint(workspaceId: string, endpointId: string, database: Database | Transaction = db): Promise<Endpoint> {
  const [endpoint] = await database
    .select()
    .from(endpoints)
    .where(
      and(
        eq(endpoints.workspaceId, workspaceId),
        eq(endpoints.id, endpointId),
        sql`not exists (select 1 from ${tenants} where ${tenants.id} = ${endpoints.tenantId} and ${tenants.deletedAt} is not null)`,
      ),
    );
  if (!endpoint) throw notFound();
  return endpoint;
}

export async function getEndpoint(workspaceId: string, endpointId: string, headerValues: HeaderValues): Promise<PublicEndpoint> {
  return toPublicEndpoint(await findEndpoint(workspaceId, endpointId), headerValues);
}

type EndpointListQuery = { tenant?: string; tag?: string; failing?: boolean };

/** The endpoints a list shows: the workspace's, narrowed to a tenant, a tag, the failing ones. */
async function endpointListFilter(workspaceId: string, query: EndpointListQuery) {
  const tenantId = await tenantFilter(workspaceId, query.tenant);
  return and(
    eq(endpoints.workspaceId, workspaceId),
    tenantId ? eq(endpoints.tenantId, tenantId) : undefined,
    query.tag ? arrayContains(endpoints.tags, [query.tag]) : undefined,
    query.failing ? isFailing() : undefined,
  );
}

export async function listEndpoints(workspaceId: string, page: EndpointListQuery & { limit: number; cursor?: string }, headerValues: HeaderValues) {
  const rows = await db
    .select()
    .from(endpoints)
    .where(and(await endpointListFilter(workspaceId, page), pastCursor(endpoints.createdAt, endpoints.id, page.cursor)))
    .orderBy(...keysetOrder(endpoints.createdAt, endpoints.id))
    .limit(page.limit + 1);
  const { data, nextCursor } = toPage(rows, page.limit);
  return { data: data.map((endpoint) => toPublicEndpoint(endpoint, headerValues)), nextCursor };
}

/** For the console's "Newer" link on a page of listEndpoints opened at `cursor`: that page's cursor, or null for the first page. */
export async function newerEndpointsCursor(workspaceId: string, page: EndpointListQuery & { limit: number; cursor: string }): Promise<string | null> {
  return previousPageCursor(endpoints, endpoints, { where: await endpointListFilter(workspaceId, page), cursor: page.cursor, limit: page.limit });
}

/** The URLs of the workspace's endpoints among `endpointIds`, by id. */
export async function endpointUrls(workspaceId: string, endpointIds: string[]): Promise<Map<string, string>> {
  if (endpointIds.length === 0) return new Map();
  const rows = await db
    .select({ id: endpoints.id, url: endpoints.url })
    .from(endpoints)
    .where(and(eq(endpoints.workspaceId, workspaceId), inArray(endpoints.id, [...new Set(endpointIds)])));
  return new Map(rows.map((row) => [row.id, row.url]));
}

/** The secrets to sign with now: the current one, plus the previous one during its grace period. */
export function signingSecrets(endpoint: Endpoint, now = new Date()): string[] {
  const secrets = [decryptSecret(endpoint.secretEncrypted)];
  if (endpoint.previousSecretEncrypted && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now) {
    secrets.push(decryptSecret(endpoint.previousSecretEncrypted));
  }
  return secrets;
}

/** The endpoint's custom headers with their values decrypted, to send or to show to those who may see them. */
export function customHeaderValues(endpoint: Pick<Endpoint, "id" | "headersEncrypted" | "plaintextHeaders">): Record<string, string> {
  // A row not yet moved to encrypted storage (the start-up conversion runs under `npm start`) keeps
  // sending its headers, often the receiver's credentials, rather than silently losing them.
  if (Object.keys(endpoint.plaintextHeaders).length > 0) {
    log.warn({ endpointId: endpoint.id }, "Endpoint headers are still stored unencrypted; `npm start` encrypts them");
    return { ...endpoint.plaintextHeaders, ...decryptValues(endpoint.headersEncrypted) };
  }
  return decryptValues(endpoint.headersEncrypted);
}

/** Replaces the signing secret; the old one keeps signing alongside for `graceSeconds`. */
export async function rotateSigningSecret(workspaceId: string, endpointId: string, graceSeconds: number, actor: Actor) {
  const secret = generateSigningSecret();
  return db.transaction(async (tx) => {
    const [endpoint] = await tx
      .update(endpoints)
      .set({
        previousSecretEncrypted: sql`${endpoints.secretEncrypted}`,
        previousSecretExpiresAt: new Date(Date.now() + graceSeconds * 1000),
        secretEncrypted: encryptSecret(secret),
        updatedAt: new Date(),
      })
      .where(and(eq(endpoints.workspaceId, workspaceId), eq(endpoints.id, endpointId)))
      .returning({ id: endpoints.id, previousSecretExpiresAt: endpoints.previousSecretExpiresAt });
    if (!endpoint) throw notFound();
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: "endpoint.secret_rotated",
      targetType: "endpoint",
      targetId: endpointId,
      details: { graceSeconds },
    });
    return { secret, previousSecretExpiresAt: endpoint.previousSecretExpiresAt };
  });
}

const DISABLED_BY_OPERATOR = "Disabled by an operator.";

/** What turning an endpoint on or off also sets: re-enabling clears why it was disabled and its failure streak. */
function enabledChange(wasEnabled: boolean, enabled: boolean | undefined) {
  if (enabled === true && !wasEnabled) return { disabledReason: null, disabledAt: null, failingSince: null, failedAttemptsSinceSuccess: 0 };
  if (enabled === false && wasEnabled) return { disabledReason: DISABLED_BY_OPERATOR, disabledAt: new Date() };
  return {};
}

/** Tern's operational events for a stored change: the settings that changed, and a switch off or on. */
async function announceUpdate(workspaceId: string, endpoint: Endpoint, fields: string[], wasEnabled: boolean): Promise<void> {
  const ref = operationalRef(workspaceId, endpoint);
  const settings = fields.filter((field) => field !== "enabled");
  if (settings.length > 0) await emitEndpointUpdated(ref, settings);
  if (wasEnabled && !endpoint.enabled) await emitEndpointDisabled(ref, endpoint.disabledReason ?? DISABLED_BY_OPERATOR, "operator");
  if (!wasEnabled && endpoint.enabled) await emitEndpointEnabled(ref);
}

/** Changes an endpoint; re-enabling a disabled one clears why it was disabled and its failure streak. */
export async function updateEndpoint(workspaceId: string, endpointId: string, { headers, ...input }: UpdateEndpointInput, actor: Actor) {
  if (input.url !== undefined) await assertPublicUrl(input.url);
  const fields = [...Object.keys(input), ...(headers ? ["headers"] : [])];
  const { endpoint, wasEnabled } = await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ enabled: endpoints.enabled })
      .from(endpoints)
      .where(and(eq(endpoints.workspaceId, workspaceId), eq(endpoints.id, endpointId)))
      .for("update");
    if (!before) throw notFound();
    const [endpoint] = await tx
      .update(endpoints)
      .set({ ...input, ...(headers && { headersEncrypted: encryptValues(headers) }), ...enabledChange(before.enabled, input.enabled), updatedAt: new Date() })
      .where(and(eq(endpoints.workspaceId, workspaceId), eq(endpoints.id, endpointId)))
      .returning();
    if (!endpoint) throw notFound();
    await recordAudit(tx, { workspaceId, actor, action: "endpoint.updated", targetType: "endpoint", targetId: endpointId, details: { fields } });
    return { endpoint, wasEnabled: before.enabled };
  });
  await announceUpdate(workspaceId, endpoint, fields, wasEnabled);
  return toPublicEndpoint(endpoint, "shown");
}

/** An endpoint a bulk change acted on, as the console names it back. */
type ChangedEndpoint = { id: string; name: string | null; url: string };

/** Turns the workspace's endpoints among `endpointIds` on or off; those already so, or not the workspace's, are left alone. */
async function setEndpointsEnabled(workspaceId: string, endpointIds: string[], enabled: boolean, actor: Actor): Promise<ChangedEndpoint[]> {
  const changed = await db.transaction(async (tx) => {
    // Locked in id order, so two bulk changes over the same endpoints wait for each other rather than deadlock.
    const toChange = await tx
      .select({ id: endpoints.id })
      .from(endpoints)
      .where(and(eq(endpoints.workspaceId, workspaceId), inArray(endpoints.id, endpointIds), eq(endpoints.enabled, !enabled)))
      .orderBy(endpoints.id)
      .for("update");
    if (toChange.length === 0) return [];
    const rows = await tx
      .update(endpoints)
      .set({ enabled, ...enabledChange(!enabled, enabled), updatedAt: new Date() })
      .where(
        and(
          eq(endpoints.workspaceId, workspaceId),
          inArray(
            endpoints.id,
            toChange.map((row) => row.id),
          ),
        ),
      )
      .returning();
    for (const row of rows) {
      await recordAudit(tx, { workspaceId, actor, action: "endpoint.updated", targetType: "endpoint", targetId: row.id, details: { fields: ["enabled"] } });
    }
    return rows;
  });
  for (const endpoint of changed) await announceUpdate(workspaceId, endpoint, ["enabled"], !enabled);
  return changed.map(({ id, name, url }) => ({ id, name, url }));
}

/** Deletes the workspace's endpoints among `endpointIds` with their history; ids of no endpoint of the workspace delete nothing. */
async function deleteEndpoints(workspaceId: string, endpointIds: string[], actor: Actor): Promise<ChangedEndpoint[]> {
  const deleted = await db.transaction(async (tx) => {
    const rows = await tx
      .delete(endpoints)
      .where(and(eq(endpoints.workspaceId, workspaceId), inArray(endpoints.id, endpointIds)))
      .returning({ id: endpoints.id, name: endpoints.name, url: endpoints.url, tenantId: endpoints.tenantId });
    for (const row of rows) {
      await recordAudit(tx, { workspaceId, actor, action: "endpoint.deleted", targetType: "endpoint", targetId: row.id, details: { url: row.url } });
    }
    return rows;
  });
  for (const endpoint of deleted) await emitEndpointDeleted(operationalRef(workspaceId, endpoint));
  return deleted.map(({ id, name, url }) => ({ id, name, url }));
}

export async function deleteEndpoint(workspaceId: string, endpointId: string, actor: Actor): Promise<void> {
  const [deleted] = await deleteEndpoints(workspaceId, [endpointId], actor);
  if (!deleted) throw notFound();
}

/**
 * Enables, disables or deletes several of the workspace's endpoints at once, each change audited
 * and announced as when it is made on its own. `changed` are the endpoints it acted on; `unchanged`
 * counts the others: already in that state, or no endpoint of this workspace (deleted meanwhile).
 */
export async function changeEndpoints(workspaceId: string, { operation, endpointIds }: BulkEndpointChange, actor: Actor) {
  const ids = [...new Set(endpointIds)];
  const changed =
    operation === "delete" ? await deleteEndpoints(workspaceId, ids, actor) : await setEndpointsEnabled(workspaceId, ids, operation === "enable", actor);
  return { operation, changed, unchanged: ids.length - changed.length };
}

/** Shows the signing secret (and the previous one while it is still valid); every reveal is audited. */
export async function revealSigningSecret(workspaceId: string, endpointId: string, actor: Actor) {
  return db.transaction(async (tx) => {
    const endpoint = await findEndpoint(workspaceId, endpointId, tx);
    // Decrypted before the audit row commits, so the log holds only reveals that returned a secret.
    const [secret, previousSecret] = signingSecrets(endpoint);
    await recordAudit(tx, { workspaceId, actor, action: "endpoint.secret_revealed", targetType: "endpoint", targetId: endpointId });
    return {
      secret: secret!,
      previousSecret: previousSecret ?? null,
      previousSecretExpiresAt: previousSecret ? endpoint.previousSecretExpiresAt : null,
    };
  });
}
