import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { deliveries, endpoints, events } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { resolveTenantId } from "@/lib/tenants/tenants";

/**
 * The id of the tenant a list or a statistic is narrowed to (`ref`: its id or key). An endpoint or
 * event named beside it must be that tenant's: the request is refused rather than answered for
 * another tenant, so a filter never widens a query beyond one tenant.
 */
export async function tenantFilter(workspaceId: string, ref: string | undefined, beside: { endpointId?: string; eventId?: string } = {}) {
  if (ref === undefined) return undefined;
  const tenantId = await resolveTenantId(workspaceId, ref);
  for (const [field, table, id] of [
    ["endpointId", endpoints, beside.endpointId],
    ["eventId", events, beside.eventId],
  ] as const) {
    if (id === undefined) continue;
    const [row] = await db
      .select({ tenantId: table.tenantId })
      .from(table)
      .where(and(eq(table.workspaceId, workspaceId), eq(table.id, id)));
    if (row && row.tenantId !== tenantId) {
      const what = field === "endpointId" ? "endpoint" : "event";
      throw new DomainError("invalid", `The ${what} ${id} does not belong to the tenant "${ref}"; a tenant filter only narrows to that tenant's own.`, field);
    }
  }
  return tenantId;
}

const ownedResources = { endpoint: endpoints, event: events, delivery: deliveries } as const;

/**
 * When a request names a tenant (`ref`), refuses as not found an endpoint, event or delivery that is not
 * that tenant's: a route acting for one customer then never touches another's, whatever id it is given.
 */
export async function assertTenantOwns(workspaceId: string, ref: string | undefined, resource: keyof typeof ownedResources, id: string): Promise<void> {
  if (ref === undefined) return;
  const tenantId = await resolveTenantId(workspaceId, ref);
  const table = ownedResources[resource];
  const [owned] = await db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.workspaceId, workspaceId), eq(table.id, id), eq(table.tenantId, tenantId)));
  if (!owned) throw new DomainError("not_found", `No such ${resource} for the tenant "${ref}".`);
}
