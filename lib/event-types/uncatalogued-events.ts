import { sql } from "drizzle-orm";
import { db } from "@/db";
import { events, eventTypes } from "@/db/schema";
import { isOperationalType } from "@/lib/endpoints/event-type-filter";

export type UncataloguedEvents = { events: number; types: { type: string; events: number }[] };

/**
 * The events published since `since` whose type is not in the workspace's catalog (Tern's own
 * tern.* aside): what strict mode would have refused. The distinct types are walked on the
 * (workspace, type, created_at) index one at a time, so the cost follows the number of types, not
 * of events.
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
      select published.type, (select count(*)::int from ${events}
        where ${events.workspaceId} = ${workspaceId} and ${events.type} = published.type and ${events.createdAt} >= ${since.toISOString()}::timestamptz) as events
      from published
      where published.type is not null
        and not exists (select 1 from ${eventTypes} where ${eventTypes.workspaceId} = ${workspaceId} and ${eventTypes.name} = published.type)
    ) counted
    where counted.events > 0
    order by counted.events desc, counted.type`);
  const types = rows.filter((row) => !isOperationalType(row.type));
  return { events: types.reduce((sum, row) => sum + row.events, 0), types };
}
