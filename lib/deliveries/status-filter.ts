import { type AnyColumn, eq, type SQL, sql } from "drizzle-orm";
import { type Delivery, deliveries, deliveryRollups } from "@/db/schema";

type Status = Delivery["status"];
type AttentionStatus = "retrying" | "failed" | "skipped";

const asksForAttention = (status: Status): status is AttentionStatus => status === "retrying" || status === "failed" || status === "skipped";

/** The deliveries a status filter looks in: a workspace's, or one of its endpoints', within a time range if given. */
type StatusScope = { workspaceId: string | AnyColumn; endpointId?: string; since?: string; until?: string };

/**
 * The hour of the scope's oldest (`asc`) or newest (`desc`) delivery in a status, from the rollups
 * (null: none). A delivery counts in the hour it was created, by its current status; a session adds
 * to its own shard, so a shard alone may count below zero and the hour's shards are summed.
 */
function edgeHour(status: Exclude<Status, AttentionStatus>, scope: StatusScope, direction: "asc" | "desc"): SQL {
  return sql`(select ${deliveryRollups.hour} from ${deliveryRollups}
    where ${deliveryRollups.workspaceId} = ${scope.workspaceId} ${scope.endpointId ? sql`and ${deliveryRollups.endpointId} = ${scope.endpointId}` : sql``}
      ${scope.since ? sql`and ${deliveryRollups.hour} >= date_trunc('hour', ${scope.since}::timestamptz, 'UTC')` : sql``}
      ${scope.until ? sql`and ${deliveryRollups.hour} < ${scope.until}::timestamptz` : sql``}
    group by ${deliveryRollups.hour} having sum(${deliveryRollups[status]}) > 0
    order by ${deliveryRollups.hour} ${sql.raw(direction)} limit 1)`;
}

/**
 * `status = <status>` on deliveries, written so that an index bounds the rows read. No index has
 * status as a key: changing an indexed column makes an update write every index anew, and a
 * delivery's status changes twice on its way to succeeded. A status that asks for attention is
 * matched by `attention`, which deliveries_workspace_attention_created_idx holds. Any other is
 * bounded to the hours the rollups show deliveries in that status in, for the scope and within its
 * time range (the caller adds the scope's own conditions), so the workspace's or the endpoint's
 * time index reads those hours only: pending and delivering ones are in the last few in normal
 * running, and succeeded ones are most of the history. Finding the oldest such hour reads the
 * scope's rollup rows in the range (endpoints × hours × shards). With none, both bounds are null and the index reads nothing.
 * Being one statement, the bounds and the rows come from the same snapshot.
 */
export function statusIs(status: Status, scope: StatusScope): SQL {
  if (asksForAttention(status)) return eq(deliveries.attention, status);
  return sql`(${deliveries.status} = ${status} and ${deliveries.createdAt} >= ${edgeHour(status, scope, "asc")}
    and ${deliveries.createdAt} < ${edgeHour(status, scope, "desc")} + interval '1 hour')`;
}
