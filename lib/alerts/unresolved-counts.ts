import { and, count, eq, ne } from "drizzle-orm";
import { db } from "@/db";
import { alerts } from "@/db/schema";

/** How many of the workspace's alerts are open and acknowledged: for the inbox's tabs and the console's navigation badge. */
export async function countUnresolvedAlerts(workspaceId: string): Promise<{ open: number; acknowledged: number }> {
  const rows = await db
    .select({ status: alerts.status, count: count() })
    .from(alerts)
    .where(and(eq(alerts.workspaceId, workspaceId), ne(alerts.status, "resolved")))
    .groupBy(alerts.status);
  const of = (status: string) => rows.find((row) => row.status === status)?.count ?? 0;
  return { open: of("open"), acknowledged: of("acknowledged") };
}
