import { and, eq, inArray, isNull, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { db } from "@/db";
import { alertChannels, alerts, apiKeys, deliveries, endpoints, events, eventTypes, memberships, tenants } from "@/db/schema";

type Lookup = { table: PgTable; id: PgColumn; workspaceId: PgColumn; live?: SQL };

// What each target type is, when it still exists in the workspace: a revoked key or a deleted
// tenant is only history now.
const lookups: Record<string, Lookup> = {
  alert: { table: alerts, id: alerts.id, workspaceId: alerts.workspaceId },
  alert_channel: { table: alertChannels, id: alertChannels.id, workspaceId: alertChannels.workspaceId },
  api_key: { table: apiKeys, id: apiKeys.id, workspaceId: apiKeys.workspaceId, live: isNull(apiKeys.revokedAt) },
  delivery: { table: deliveries, id: deliveries.id, workspaceId: deliveries.workspaceId },
  endpoint: { table: endpoints, id: endpoints.id, workspaceId: endpoints.workspaceId },
  event: { table: events, id: events.id, workspaceId: events.workspaceId },
  event_type: { table: eventTypes, id: eventTypes.id, workspaceId: eventTypes.workspaceId },
  tenant: { table: tenants, id: tenants.id, workspaceId: tenants.workspaceId, live: isNull(tenants.deletedAt) },
  user: { table: memberships, id: memberships.userId, workspaceId: memberships.workspaceId },
};

export const targetKey = (target: { type: string; id: string }) => `${target.type}:${target.id}`;

/** Which of these audit targets still exist in the workspace, as targetKey()s; one query per kind present. */
export async function existingTargets(workspaceId: string, targets: { type: string; id: string }[]): Promise<Set<string>> {
  const idsByType = new Map<string, Set<string>>();
  for (const target of targets) {
    if (!lookups[target.type]) continue;
    if (!idsByType.has(target.type)) idsByType.set(target.type, new Set());
    idsByType.get(target.type)!.add(target.id);
  }
  const found = await Promise.all(
    [...idsByType].map(async ([type, ids]) => {
      const { table, id, workspaceId: workspaceColumn, live } = lookups[type]!;
      const rows = await db
        .select({ id })
        .from(table)
        .where(and(eq(workspaceColumn, workspaceId), inArray(id, [...ids]), live));
      return rows.map((row) => targetKey({ type, id: row.id as string }));
    }),
  );
  return new Set(found.flat());
}
