import { sql } from "drizzle-orm";
import { db } from "@/db";
import { apiKeys, attempts, auditLog, deliveries, endpoints, events } from "@/db/schema";

/** Which of the first steps with Tern a workspace has taken, read from what exists in it. */
type OnboardingProgress = {
  apiKey: boolean;
  /** The workspace's oldest endpoint, where a test event can be sent from; null before the first. */
  firstEndpointId: string | null;
  testEvent: boolean;
  publishedEvent: boolean;
};

/**
 * One statement of four lookups, each stopping at its first row through an index on the workspace.
 * A test send is read from the audit log (workspace, action): attempts have no index by trigger and
 * are deleted with the workspace's retention, which would untick the step again. A published event is
 * one the workspace sent itself: not a test send's (those have a test attempt) nor Tern's own tern.* events.
 */
export async function onboardingProgress(workspaceId: string): Promise<OnboardingProgress> {
  const [row] = await db.execute<OnboardingProgress>(sql`
    select
      exists (select 1 from ${apiKeys} where ${apiKeys.workspaceId} = ${workspaceId}) as "apiKey",
      (
        select ${endpoints.id} from ${endpoints} where ${endpoints.workspaceId} = ${workspaceId} order by ${endpoints.createdAt} limit 1
      ) as "firstEndpointId",
      exists (
        select 1 from ${auditLog} where ${auditLog.workspaceId} = ${workspaceId} and ${auditLog.action} = 'endpoint.tested'
      ) as "testEvent",
      exists (
        select 1 from ${events}
        where ${events.workspaceId} = ${workspaceId}
          and ${events.type} not like 'tern.%'
          and not exists (
            select 1 from ${deliveries} join ${attempts} on ${attempts.deliveryId} = ${deliveries.id}
            where ${deliveries.eventId} = ${events.id} and ${attempts.trigger} = 'test'
          )
      ) as "publishedEvent"
  `);
  return { apiKey: row!.apiKey, firstEndpointId: row!.firstEndpointId, testEvent: row!.testEvent, publishedEvent: row!.publishedEvent };
}
