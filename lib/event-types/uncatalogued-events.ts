import { sql } from "drizzle-orm";
import { db } from "@/db";
import { events, eventTypes } from "@/db/schema";
import { isOperationalType } from "@/lib/endpoints/event-type-filter";

/** Each type's events are counted up to this many: the count is a warning, and a busy type would otherwise cost a scan of its day. */
const COUNT_CAP = 10_000;

/** `capped`: the count stopped at the cap, so there are at least that many. */
export type UncataloguedEvents = { events: number; capped: boolean; types: { type: string; events: number; capped: boolean }[] };

/**
 * The events published since `since` whose type is not in the workspace's catalog (Tern's own
 * tern.* aside): what strict mode would have refused. The distinct types are walked on the
 * (workspace, type, created_at) index one at a time, and each type's events counted up to
 * COUNT_CAP, so the cost is bounded by the number of types, not the number of events.
 */
export async function uncataloguedEventsSince(workspaceId: string, since: Date): Promise<UncataloguedEvents> {
  const rows = await db.execute<{ type: string; events: number }>(sql`
    with recursive published(type) as (
      (select ${events.type} from ${events} where ${events.workspaceId} = ${workspaceId} order by ${events.type} limit 1)
      union all
      select (select ${events.type} from ${events} where ${events.workspaceId} = ${workspaceId} and ${events.type} > published.type order by ${events.type} limit 1)
      from published where published.type is not null
    )
    select counted.type, counted.events from (
      select published.type, (select count(*)::int from (select 1 from ${events}
        where ${events.workspaceId} = ${workspaceId} and ${events.type} = published.type and ${events.createdAt} >= ${since.toISOString()}::timestamptz
        limit ${COUNT_CAP}) capped) as events
      from published
      where published.type is not null
        and not exists (select 1 from ${eventTypes} where ${eventTypes.workspaceId} = ${workspaceId} and ${eventTypes.name} = published.type)
    ) counted
    where counted.events > 0
    order by counted.events desc, counted.type`);
  const types = rows.filter((row) => !isOperationalType(row.type)).map((row) => ({ ...row, capped: row.events >= COUNT_CAP }));
  return { events: types.reduce((sum, row) => sum + row.events, 0), capped: types.some((row) => row.capped), types };
}
