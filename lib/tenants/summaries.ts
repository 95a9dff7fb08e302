// What the Tenants list shows beside each tenant of a page: one statement for the page's tenants,
// whatever the number of tenants in the workspace.
import { type SQL, sql } from "drizzle-orm";
import { db } from "@/db";
import { deliveryRollups, endpoints, events } from "@/db/schema";

type TenantSummary = {
  endpoints: number;
  succeeded24h: number;
  failed24h: number;
  /** Succeeded over finished (succeeded + failed) deliveries; null when none finished. */
  successRate24h: number | null;
  lastEventAt: Date | null;
};

const HOUR_MS = 3_600_000;

/** The starts of the current UTC hour and the 23 before it: the rollup hours that make "the last 24 hours". */
function last24RollupHours(now: Date): string[] {
  const current = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  return Array.from({ length: 24 }, (_, i) => new Date(current - i * HOUR_MS).toISOString());
}

type SummaryRow = { tenantId: string; endpoints: number; succeeded: number; failed: number; lastEventAt: string | Date | null };

/**
 * The statement behind tenantSummaries. Each part is read through an index: endpoints_tenant_idx
 * for the endpoints, delivery_rollups' key (workspace, hour, endpoint) for the outcomes, and
 * events_tenant_created_idx for the newest event.
 */
export function tenantSummariesStatement(workspaceId: string, tenantIds: string[], now: Date): SQL {
  const ids = sql.param([...new Set(tenantIds)]);
  return sql`
    with tenant_endpoints as (
      select ${endpoints.tenantId} as tenant_id, ${endpoints.id} as endpoint_id
      from ${endpoints}
      where ${endpoints.workspaceId} = ${workspaceId} and ${endpoints.tenantId} = any(${ids}::text[])
    ), outcomes as (
      select te.tenant_id, count(*)::int as endpoints, sum(r.succeeded)::int as succeeded, sum(r.failed)::int as failed
      from tenant_endpoints te
      -- Summed per endpoint inside the lateral, so each endpoint is one probe of the rollups' key.
      cross join lateral (
        select coalesce(sum(${deliveryRollups.succeeded}), 0) as succeeded, coalesce(sum(${deliveryRollups.failed}), 0) as failed
        from ${deliveryRollups}
        where ${deliveryRollups.workspaceId} = ${workspaceId}
          and ${deliveryRollups.hour} = any(${sql.param(last24RollupHours(now))}::text[]::timestamptz[])
          and ${deliveryRollups.endpointId} = te.endpoint_id
      ) r
      group by te.tenant_id
    )
    select page.id as "tenantId", coalesce(o.endpoints, 0) as endpoints, coalesce(o.succeeded, 0) as succeeded,
           coalesce(o.failed, 0) as failed, last_event.created_at as "lastEventAt"
    from unnest(${ids}::text[]) as page(id)
    left join outcomes o on o.tenant_id = page.id
    left join lateral (
      select ${events.createdAt} as created_at
      from ${events}
      where ${events.tenantId} = page.id and ${events.workspaceId} = ${workspaceId}
      order by ${events.createdAt} desc
      limit 1
    ) last_event on true`;
}

/**
 * Per tenant of `tenantIds` (a page of the list, at most a hundred): its endpoints, its
 * deliveries of the last 24 hours that succeeded and failed, and when its last event was
 * published. One statement, whose cost follows the page, not the workspace.
 */
export async function tenantSummaries(workspaceId: string, tenantIds: string[], now = new Date()): Promise<Map<string, TenantSummary>> {
  if (tenantIds.length === 0) return new Map();
  const rows = await db.execute<SummaryRow>(tenantSummariesStatement(workspaceId, tenantIds, now));
  return new Map(
    rows.map((row) => {
      const finished = row.succeeded + row.failed;
      return [
        row.tenantId,
        {
          endpoints: row.endpoints,
          succeeded24h: row.succeeded,
          failed24h: row.failed,
          successRate24h: finished ? row.succeeded / finished : null,
          lastEventAt: row.lastEventAt === null ? null : new Date(row.lastEventAt),
        },
      ];
    }),
  );
}
