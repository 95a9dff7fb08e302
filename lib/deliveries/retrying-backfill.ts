// Before the retrying status, a delivery whose last attempt failed and that waited for another
// stayed pending, like one never tried. Those rows are told apart by their attempts: a start-up
// pass moves them to retrying (the rollup triggers move their counts along), in short
// transactions so that deliveries keep flowing meanwhile.
import { sql } from "drizzle-orm";
import { db } from "@/db";
import { deliveries, deliveryRollups } from "@/db/schema";
import { unqualified } from "@/db/sql";
import { log } from "@/lib/log";

const BATCH_SIZE = 1_000;

/**
 * Marks retrying every pending delivery that was already attempted. No index has status as a key
 * (lib/deliveries/status-filter.ts), so it walks only the workspace-hours the rollups show pending
 * deliveries in, each by deliveries_workspace_created_idx a page at a time. Returns how many it
 * moved. Safe to run on every start and by several instances at once: rows another session holds
 * are left to it, and a row that is no longer pending is left alone.
 */
export async function markAttemptedPendingRetrying(): Promise<number> {
  let moved = 0;
  const hours = await db.execute<{ workspaceId: string; hour: string }>(sql`
    select ${deliveryRollups.workspaceId} as "workspaceId", ${deliveryRollups.hour}::text as hour from ${deliveryRollups}
    group by 1, ${deliveryRollups.hour} having sum(${deliveryRollups.pending}) > 0
    order by 1, ${deliveryRollups.hour}`);
  for (const { workspaceId, hour } of hours) {
    let after: { createdAt: string; id: string } | undefined;
    for (;;) {
      const [page] = await db.execute<{ scanned: number; moved: number; lastCreatedAt: string | null; lastId: string | null }>(sql`
        with page as (
          select ${deliveries.id} as id, ${deliveries.createdAt} as created_at, ${deliveries.attemptCount} as attempt_count
          from ${deliveries}
          where ${deliveries.workspaceId} = ${workspaceId} and ${deliveries.status} = 'pending'
            and ${deliveries.createdAt} >= ${hour}::timestamptz and ${deliveries.createdAt} < ${hour}::timestamptz + interval '1 hour'
            ${after ? sql`and (${deliveries.createdAt}, ${deliveries.id}) > (${after.createdAt}::timestamptz, ${after.id})` : sql``}
          order by ${deliveries.createdAt}, ${deliveries.id}
          limit ${BATCH_SIZE}
        ), locked as (
          select ${deliveries.id} as id from ${deliveries}
          where ${deliveries.id} in (select id from page where attempt_count > 0) and ${deliveries.status} = 'pending' and ${deliveries.attemptCount} > 0
          for update skip locked
        ), changed as (
          update ${deliveries} set ${unqualified(deliveries.status)} = 'retrying'
          where ${deliveries.id} in (select id from locked)
          returning 1
        ), last as (select id, created_at from page order by created_at desc, id desc limit 1)
        select (select count(*) from page)::int as scanned, (select count(*) from changed)::int as moved,
               (select created_at::text from last) as "lastCreatedAt", (select id from last) as "lastId"`);
      moved += page?.moved ?? 0;
      if (!page || page.scanned < BATCH_SIZE || !page.lastCreatedAt || !page.lastId) break;
      after = { createdAt: page.lastCreatedAt, id: page.lastId };
    }
  }
  return moved;
}

/** Runs the pass without holding up start-up; logs what it moved, or why it stopped. */
export function startRetryingBackfill(): void {
  markAttemptedPendingRetrying().then(
    (moved) => {
      if (moved > 0) log.info({ moved }, "Marked as retrying the pending deliveries that had already been attempted");
    },
    (error: unknown) => log.error({ err: error }, "Marking attempted pending deliveries as retrying failed; it runs again at the next start"),
  );
}
