// Counting what a tenant (or the workspace's own side) holds, to prove a deletion took exactly
// its rows. Attempts and rollups are counted by endpoint ids taken beforehand: they carry no tenant.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { db } from "@/db";
import { attemptRollups, attempts, deliveries, deliveryRollups, endpoints, events } from "@/db/schema";

export async function endpointIdsOf(workspaceId: string, tenantId: string | null): Promise<string[]> {
  const rows = await db
    .select({ id: endpoints.id })
    .from(endpoints)
    .where(and(eq(endpoints.workspaceId, workspaceId), tenantId === null ? isNull(endpoints.tenantId) : eq(endpoints.tenantId, tenantId)));
  return rows.map((row) => row.id);
}

export async function rowCounts(workspaceId: string, tenantId: string | null, endpointIds: string[]) {
  const ofTenant = (table: typeof endpoints | typeof events | typeof deliveries) =>
    db.$count(table, and(eq(table.workspaceId, workspaceId), tenantId === null ? isNull(table.tenantId) : eq(table.tenantId, tenantId)));
  const byEndpoint = endpointIds.length ? endpointIds : ["none"];
  const [rollups] = await db
    .select({ deliveries: sql<number>`coalesce(sum(${deliveryRollups.total}), 0)::int` })
    .from(deliveryRollups)
    .where(inArray(deliveryRollups.endpointId, byEndpoint));
  const [attemptRollup] = await db
    .select({ attempts: sql<number>`coalesce(sum(${attemptRollups.count}), 0)::int` })
    .from(attemptRollups)
    .where(inArray(attemptRollups.endpointId, byEndpoint));
  return {
    endpoints: await ofTenant(endpoints),
    events: await ofTenant(events),
    deliveries: await ofTenant(deliveries),
    attempts: await db.$count(attempts, and(eq(attempts.workspaceId, workspaceId), inArray(attempts.endpointId, byEndpoint))),
    rolledUpDeliveries: rollups!.deliveries,
    rolledUpAttempts: attemptRollup!.attempts,
  };
}
