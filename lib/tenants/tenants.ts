// Tenants: the operator's customers. Every reference accepts the id (tnt_…) or the operator's key;
// a deleted tenant is gone from every lookup at once, and its data follows in the background
// (inngest/functions/delete-tenant.ts).
import { type AnyColumn, and, eq, getTableColumns, isNull, or, type SQL, sql } from "drizzle-orm";
import { type Database, db, isUniqueViolation, type Transaction } from "@/db";
import { type Tenant, tenants } from "@/db/schema";
import { tenantDeletedEvent } from "@/inngest/events";
import { transactionWithEvents } from "@/inngest/send";
import { keysetOrder, pastCursor, toPage } from "@/lib/api/pagination";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/roles";
import { DomainError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { type CreateTenantInput, TENANT_ID_PATTERN, type TenantListQuery, type UpdateTenantInput, type UpsertTenantInput } from "@/lib/tenants/schemas";

function toPublicTenant(tenant: Tenant) {
  return {
    id: tenant.id,
    key: tenant.key,
    name: tenant.name,
    metadata: tenant.metadata,
    disabled: tenant.disabledAt !== null,
    disabledReason: tenant.disabledReason,
    disabledAt: tenant.disabledAt,
    createdAt: tenant.createdAt,
    updatedAt: tenant.updatedAt,
  };
}
export type PublicTenant = ReturnType<typeof toPublicTenant>;

/** The live tenant of the workspace that `ref` names, by id or by key. */
export function tenantNamed(workspaceId: string, ref: string): SQL {
  return and(eq(tenants.workspaceId, workspaceId), isNull(tenants.deletedAt), TENANT_ID_PATTERN.test(ref) ? eq(tenants.id, ref) : eq(tenants.key, ref))!;
}

const noSuchTenant = (ref: string, field?: string) =>
  new DomainError(field ? "invalid" : "not_found", `No tenant with the id or key "${ref}" in this workspace.`, field);

/**
 * The tenant `ref` names. Without `field` a missing tenant is a 404 (the tenant is what the request
 * is about); with it, a 422 on that field (the tenant qualifies something else).
 */
export async function findTenant(workspaceId: string, ref: string, options: { field?: string; database?: Database | Transaction } = {}): Promise<Tenant> {
  const [tenant] = await (options.database ?? db).select().from(tenants).where(tenantNamed(workspaceId, ref));
  if (!tenant) throw noSuchTenant(ref, options.field);
  return tenant;
}

/** The id of the tenant `ref` names, for filters and for creating a tenant's endpoints; a 422 on `field` when there is none. */
export async function resolveTenantId(workspaceId: string, ref: string, field = "tenant"): Promise<string> {
  return (await findTenant(workspaceId, ref, { field })).id;
}

export async function getTenant(workspaceId: string, ref: string): Promise<PublicTenant> {
  return toPublicTenant(await findTenant(workspaceId, ref));
}

const keyTaken = (key: string) => new DomainError("conflict", `A tenant with the key "${key}" already exists in this workspace.`, "key");

export async function createTenant(workspaceId: string, input: CreateTenantInput, actor: Actor): Promise<PublicTenant> {
  try {
    return await db.transaction(async (tx) => {
      const [tenant] = await tx
        .insert(tenants)
        .values({ id: newId("tnt"), workspaceId, key: input.key, name: input.name ?? input.key, metadata: input.metadata })
        .returning();
      await recordAudit(tx, { workspaceId, actor, action: "tenant.created", targetType: "tenant", targetId: tenant!.id, details: { key: input.key } });
      return toPublicTenant(tenant!);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw keyTaken(input.key);
    throw error;
  }
}

/**
 * Creates the tenant with this key, or updates the fields given of the one that exists: the call an
 * integration makes on sign-up. An id (tnt_…) can only name a tenant that exists, so it updates one or is not found.
 */
export async function upsertTenant(
  workspaceId: string,
  key: string,
  input: UpsertTenantInput,
  actor: Actor,
): Promise<{ tenant: PublicTenant; created: boolean }> {
  if (TENANT_ID_PATTERN.test(key)) return { tenant: await updateTenant(workspaceId, key, input, actor), created: false };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(tenants)
      .values({ id: newId("tnt"), workspaceId, key, name: input.name ?? key, metadata: input.metadata ?? {} })
      .onConflictDoUpdate({
        target: [tenants.workspaceId, tenants.key],
        targetWhere: isNull(tenants.deletedAt),
        set: {
          ...(input.name !== undefined && { name: input.name }),
          ...(input.metadata !== undefined && { metadata: input.metadata }),
          updatedAt: sql`now()`,
        },
      })
      .returning({ ...getTableColumns(tenants), created: sql<boolean>`(xmax = 0)` });
    const { created, ...tenant } = row!;
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: created ? "tenant.created" : "tenant.updated",
      targetType: "tenant",
      targetId: tenant.id,
      details: created ? { key } : { key, fields: Object.keys(input) },
    });
    return { tenant: toPublicTenant(tenant), created };
  });
}

export async function updateTenant(workspaceId: string, ref: string, input: UpdateTenantInput, actor: Actor): Promise<PublicTenant> {
  return db.transaction(async (tx) => {
    const current = await findTenant(workspaceId, ref, { database: tx });
    const disabling = input.disabled === true && current.disabledAt === null;
    const enabling = input.disabled === false && current.disabledAt !== null;
    const [tenant] = await tx
      .update(tenants)
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.metadata !== undefined && { metadata: input.metadata }),
        ...(disabling && { disabledAt: new Date(), disabledReason: input.disabledReason || "Disabled by an operator" }),
        ...(input.disabled === true && !disabling && input.disabledReason && { disabledReason: input.disabledReason }),
        ...(enabling && { disabledAt: null, disabledReason: null }),
        updatedAt: new Date(),
      })
      .where(eq(tenants.id, current.id))
      .returning();
    const action = disabling ? "tenant.disabled" : enabling ? "tenant.enabled" : "tenant.updated";
    await recordAudit(tx, {
      workspaceId,
      actor,
      action,
      targetType: "tenant",
      targetId: current.id,
      details: { key: current.key, fields: Object.keys(input) },
    });
    return toPublicTenant(tenant!);
  });
}

/**
 * Deletes a tenant: it leaves every list and lookup now, its key is free for a new tenant, its
 * deliveries stop (they are skipped), and its endpoints, events, deliveries and attempts are
 * deleted in bounded batches by the delete-tenant function.
 */
export async function deleteTenant(workspaceId: string, ref: string, actor: Actor): Promise<void> {
  await transactionWithEvents(async (tx, send) => {
    const tenant = await findTenant(workspaceId, ref, { database: tx });
    await tx.update(tenants).set({ deletedAt: new Date(), updatedAt: new Date() }).where(eq(tenants.id, tenant.id));
    await recordAudit(tx, { workspaceId, actor, action: "tenant.deleted", targetType: "tenant", targetId: tenant.id, details: { key: tenant.key } });
    send([tenantDeletedEvent(tenant)]);
  });
}

/**
 * Tenants whose key or name starts with `search`, case-insensitively. Written as a range on the
 * lower-cased columns (byte order, as their text_pattern_ops indexes sort), so every plan, generic
 * ones for prepared statements included, reads the prefix from those indexes; no character of
 * the search is special.
 */
export function tenantSearch(search: string): SQL {
  const from = search.toLowerCase();
  const to = `${from}\u{10FFFF}`;
  const startsWith = (column: AnyColumn) => sql`(lower(${column}) ~>=~ ${from} and lower(${column}) ~<~ ${to})`;
  return or(startsWith(tenants.key), startsWith(tenants.name))!;
}

/** Live tenants, newest first; `search` matches the start of the key or the name. */
export async function listTenants(workspaceId: string, query: TenantListQuery) {
  const rows = await db
    .select()
    .from(tenants)
    .where(
      and(
        eq(tenants.workspaceId, workspaceId),
        isNull(tenants.deletedAt),
        query.search ? tenantSearch(query.search) : undefined,
        pastCursor(tenants.createdAt, tenants.id, query.cursor),
      ),
    )
    .orderBy(...keysetOrder(tenants.createdAt, tenants.id))
    .limit(query.limit + 1);
  const { data, nextCursor } = toPage(rows, query.limit);
  return { data: data.map(toPublicTenant), nextCursor };
}
