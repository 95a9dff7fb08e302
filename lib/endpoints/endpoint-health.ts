import { sql } from "drizzle-orm";
import { db } from "@/db";
import { deliveries } from "@/db/schema";

export type EndpointHealth = { succeeded: number; failed: number; total: number; lastDeliveryAt: string | null; hourly: number[] };

/** Per endpoint over the last 24 hours: outcomes, the last delivery, and hourly volume for a sparkline. */
export async function endpointHealth24h(workspaceId: string): Promise<Map<string, EndpointHealth>> {
  const rows = await db.execute<{ endpointId: string; hour: number; succeeded: number; failed: number; total: number; lastAt: string }>(sql`
    select ${deliveries.endpointId} as "endpointId",
           floor(extract(epoch from now() - ${deliveries.createdAt}) / 3600)::int as hour,
           count(*) filter (where ${deliveries.status} = 'succeeded')::int as succeeded,
           count(*) filter (where ${deliveries.status} = 'failed')::int as failed,
           count(*)::int as total,
           max(${deliveries.createdAt}) as "lastAt"
    from ${deliveries}
    where ${deliveries.workspaceId} = ${workspaceId} and ${deliveries.createdAt} > now() - interval '24 hours'
    group by 1, 2`);
  const health = new Map<string, EndpointHealth>();
  for (const row of rows) {
    const entry = health.get(row.endpointId) ?? { succeeded: 0, failed: 0, total: 0, lastDeliveryAt: null, hourly: Array<number>(24).fill(0) };
    entry.succeeded += row.succeeded;
    entry.failed += row.failed;
    entry.total += row.total;
    const last = new Date(row.lastAt).toISOString();
    if (!entry.lastDeliveryAt || last > entry.lastDeliveryAt) entry.lastDeliveryAt = last;
    entry.hourly[23 - Math.min(23, row.hour)] = (entry.hourly[23 - Math.min(23, row.hour)] ?? 0) + row.total;
    health.set(row.endpointId, entry);
  }
  return health;
}
