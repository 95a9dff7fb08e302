// How the console names a tenant beside an endpoint, event or delivery: its key, with its name.
import { and, eq, inArray, isNull } from "drizzle-orm";
import { db } from "@/db";
import { tenants } from "@/db/schema";
import { findTenant } from "@/lib/tenants/tenants";

export type TenantLabel = { id: string; key: string; name: string };

/**
 * The labels of the live tenants among `ids`, in one query for a whole page of rows. An id of
 * another workspace or of a deleted tenant gets none.
 */
export async function tenantLabels(workspaceId: string, ids: (string | null)[]): Promise<Map<string, TenantLabel>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: tenants.id, key: tenants.key, name: tenants.name })
    .from(tenants)
    .where(and(eq(tenants.workspaceId, workspaceId), inArray(tenants.id, wanted), isNull(tenants.deletedAt)));
  return new Map(rows.map((row) => [row.id, row]));
}

/** The label of the tenant a console filter or link names (id or key); a 422 on `tenant` when there is none. */
export async function tenantLabel(workspaceId: string, ref: string): Promise<TenantLabel> {
  const { id, key, name } = await findTenant(workspaceId, ref, { field: "tenant" });
  return { id, key, name };
}
