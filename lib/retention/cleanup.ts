import { sql } from "drizzle-orm";
import { db } from "@/db";
import { attempts, deliveries, events, workspaces } from "@/db/schema";

export const CLEANUP_BATCH = 1_000;

export type RetentionPlan = { workspaceId: string; cutoff: string };

/** Each workspace with the time before which its history is deleted. */
export async function planRetention(now = new Date()): Promise<RetentionPlan[]> {
  const rows = await db.select({ id: workspaces.id, days: workspaces.retentionDays }).from(workspaces);
  return rows.map((row) => ({ workspaceId: row.id, cutoff: new Date(now.getTime() - row.days * 86_400_000).toISOString() }));
}

export const CLEANUP_TABLES = ["attempts", "deliveries", "events"] as const;
const HISTORY_TABLES = { attempts, deliveries, events };

/**
 * Deletes up to `limit` rows older than the cutoff from one table of one workspace; short
 * statements on indexed ranges, so no long locks. Attempts go first, then deliveries, then
 * events (whose deletion cascades to anything left).
 */
export async function deleteExpiredBatch(plan: RetentionPlan, table: (typeof CLEANUP_TABLES)[number], limit = CLEANUP_BATCH): Promise<number> {
  const history = HISTORY_TABLES[table];
  const result = await db.execute(sql`
    delete from ${history} where ${history.id} in (
      select ${history.id} from ${history}
      where ${history.workspaceId} = ${plan.workspaceId} and ${history.createdAt} < ${plan.cutoff}
      limit ${limit})`);
  return result.count;
}
