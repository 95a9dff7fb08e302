// Deleting a deleted tenant's data: its attempts, deliveries, events and endpoints in bounded
// batches (short statements on the tenant's indexes, so no long locks), then the tenant row. The
// rollup triggers take deleted deliveries and attempts out of the dashboard's counts.
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { db } from "@/db";
import { attempts, deliveries, endpoints, events, tenants } from "@/db/schema";
import { DomainError } from "@/lib/errors";

const TENANT_DELETE_BATCH = 1_000;

/**
 * Each table before the ones it references, so deleting a row cascades to nothing, or only to
 * the few rows created for the tenant since that table's pass.
 */
const TENANT_DATA_TABLES = ["attempts", "deliveries", "events", "endpoints"] as const;
type TenantDataTable = (typeof TENANT_DATA_TABLES)[number];

/** Tables that carry the tenant's id, each with a partial index on (tenant_id, created_at). */
const TENANT_TABLES = { deliveries, events, endpoints };

/** The ids of up to `limit` of the tenant's rows in `table`. */
function batchIds(tenantId: string, workspaceId: string, table: TenantDataTable, limit: number) {
  if (table === "attempts") {
    // Attempts carry no tenant: those of its endpoints (a tenant's deliveries and test sends only
    // ever go to its own), read endpoint by endpoint through attempts_endpoint_created_idx rather
    // than through the whole workspace's attempts.
    return sql`select batch.id from ${endpoints}, lateral (
        select ${attempts.id} as id from ${attempts} where ${attempts.endpointId} = ${endpoints.id} and ${attempts.workspaceId} = ${workspaceId} limit ${limit}
      ) batch
      where ${endpoints.tenantId} = ${tenantId} and ${endpoints.workspaceId} = ${workspaceId}
      limit ${limit}`;
  }
  const rows = TENANT_TABLES[table];
  return sql`select ${rows.id} from ${rows} where ${rows.tenantId} = ${tenantId} and ${rows.workspaceId} = ${workspaceId} limit ${limit}`;
}

const notDeleted = (tenantId: string) => new DomainError("conflict", `Tenant ${tenantId} is not deleted; its data is kept.`);

/**
 * Deletes up to `limit` of a deleted tenant's rows from one table and returns how many it
 * deleted. Only rows of that tenant in that workspace, and only while the tenant row is marked
 * deleted (checked in the same statement): an event naming a live tenant deletes nothing.
 */
export async function deleteTenantDataBatch(tenantId: string, workspaceId: string, table: TenantDataTable, limit = TENANT_DELETE_BATCH): Promise<number> {
  const rows = table === "attempts" ? attempts : TENANT_TABLES[table];
  const [result] = await db.execute<{ marked: boolean | null; deleted: number }>(sql`
    with tenant as (
      select ${tenants.deletedAt} is not null as marked from ${tenants} where ${tenants.id} = ${tenantId} and ${tenants.workspaceId} = ${workspaceId}
    ), removed as (
      delete from ${rows} where (select marked from tenant) and ${rows.id} in (${batchIds(tenantId, workspaceId, table, limit)})
      returning 1
    )
    select (select marked from tenant) as marked, (select count(*)::int from removed) as deleted`);
  if (result?.marked === false) throw notDeleted(tenantId);
  return result?.deleted ?? 0;
}

type DeletionState = "deleted" | "live" | "gone";

/** Whether the tenant is marked deleted, still live, or already gone (its deletion finished, or it is not of this workspace). */
async function deletionState(tenantId: string, workspaceId: string): Promise<DeletionState> {
  const [tenant] = await db
    .select({ deletedAt: tenants.deletedAt })
    .from(tenants)
    .where(and(eq(tenants.id, tenantId), eq(tenants.workspaceId, workspaceId)));
  if (!tenant) return "gone";
  return tenant.deletedAt ? "deleted" : "live";
}

/** Deletes the row of a tenant marked deleted; the foreign keys cascade to what was created for it after the last pass. */
async function deleteTenantRow(tenantId: string, workspaceId: string): Promise<boolean> {
  const deleted = await db
    .delete(tenants)
    .where(and(eq(tenants.id, tenantId), eq(tenants.workspaceId, workspaceId), isNotNull(tenants.deletedAt)))
    .returning({ id: tenants.id });
  return deleted.length > 0;
}

/** Runs one named piece of the work durably: a step in the engine, a plain call in a test. */
export type RunStep = <T extends number | boolean | string>(id: string, work: () => Promise<T>) => Promise<T>;

export type TenantDeletion =
  /** The tenant is not marked deleted: nothing was deleted. */
  | { state: "refused" }
  /** Everything of the tenant is gone, its row included (or was already). */
  | { state: "finished"; deleted: number }
  /** Stopped after about `maxBatches` batches; deleteTenantData carries on where it stopped. */
  | { state: "unfinished"; deleted: number };

/**
 * Deletes everything of a deleted tenant, then its row. Passes over its tables repeat until one
 * deletes nothing: a delivery the fan-out function or a publish that looked the tenant up just
 * before the deletion creates after an earlier pass, or an attempt in flight, is caught by a
 * later pass rather than by an unbounded cascade. Repeating it (or running it twice at once)
 * deletes nothing twice.
 */
export async function deleteTenantData(
  tenantId: string,
  workspaceId: string,
  options: { run: RunStep; limit?: number; maxBatches?: number },
): Promise<TenantDeletion> {
  const { run, limit = TENANT_DELETE_BATCH, maxBatches = Number.POSITIVE_INFINITY } = options;
  const state = await run("check tenant", () => deletionState(tenantId, workspaceId));
  if (state === "live") return { state: "refused" };
  if (state === "gone") return { state: "finished", deleted: 0 };
  let deleted = 0;
  let batches = 0;
  for (let pass = 1; ; pass++) {
    if (batches >= maxBatches) return { state: "unfinished", deleted };
    let deletedInPass = 0;
    for (const table of TENANT_DATA_TABLES) {
      for (let batch = 1; ; batch++) {
        // A table's first batch always runs, so every run gets through a pass, and a run that finds nothing finishes.
        if (batch > 1 && batches >= maxBatches) return { state: "unfinished", deleted };
        batches++;
        const count = await run(`delete ${table} pass ${pass} batch ${batch}`, () => deleteTenantDataBatch(tenantId, workspaceId, table, limit));
        deleted += count;
        deletedInPass += count;
        if (count < limit) break;
      }
    }
    if (deletedInPass === 0) break;
  }
  await run("delete tenant", () => deleteTenantRow(tenantId, workspaceId));
  return { state: "finished", deleted };
}
