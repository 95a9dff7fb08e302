// The daily cleanup, fired through the embedded executor's cron: deletes exactly what is older
// than each workspace's retention, one bounded batch per step.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { engineCron, engineRuns } from "@/db/engine-schema";
import { attempts, deliveries, events, workspaces } from "@/db/schema";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import type { Executor } from "@/lib/engine/executor";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { startTernExecutor } from "@/test/tern-engine";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
let executor: Executor;
beforeAll(async () => {
  executor = await startTernExecutor();
});
afterAll(() => executor.stop());

/** An event with one delivery and `attemptCount` attempts, all created `ageDays` ago. */
async function history(workspaceId: string, endpointId: string, ageDays: number, attemptCount: number) {
  const createdAt = sql`now() - ${`${ageDays} days`}::interval`;
  const eventId = `evt_age${ageDays}_${Math.random().toString(36).slice(2)}`;
  const deliveryId = `dlv_${eventId}`;
  await db.insert(events).values({ id: eventId, workspaceId, type: "t", data: {}, createdAt });
  await db.insert(deliveries).values({ id: deliveryId, workspaceId, eventId, endpointId, eventType: "t", createdAt });
  await db.execute(sql`
    insert into attempts (id, workspace_id, delivery_id, endpoint_id, event_id, number, trigger, request_headers, duration_ms, created_at)
    select 'att_' || ${deliveryId} || '_' || n, ${workspaceId}, ${deliveryId}, ${endpointId}, ${eventId}, n, 'scheduled', '{}'::jsonb, 1, ${createdAt}
    from generate_series(1, ${attemptCount}) as n`);
}

const count = async (table: typeof events | typeof deliveries | typeof attempts, workspaceId: string) =>
  (await db.select({ n: sql<number>`count(*)::int` }).from(table).where(eq(table.workspaceId, workspaceId)))[0]!.n;

describe("cleanup", () => {
  it("deletes history older than each workspace's retention, in batches", async () => {
    const month = await createOwnedWorkspace();
    const week = await createOwnedWorkspace();
    await db.update(workspaces).set({ retentionDays: 7 }).where(eq(workspaces.id, week.workspace.id));
    const system = { type: "system", id: null } as const;
    const input = createEndpointInput.parse({ url: "http://127.0.0.1:9/hook", eventTypes: ["*"] });
    const monthEndpoint = await createEndpoint(month.workspace.id, input, system);
    const weekEndpoint = await createEndpoint(week.workspace.id, input, system);

    await history(month.workspace.id, monthEndpoint.id, 40, 2_500); // expired: 2,500 attempts → 3 batches
    await history(month.workspace.id, monthEndpoint.id, 10, 3); // kept (30-day retention)
    await history(week.workspace.id, weekEndpoint.id, 10, 3); // expired (7-day retention)
    await history(week.workspace.id, weekEndpoint.id, 1, 3); // kept

    await db.update(engineCron).set({ nextAt: sql`now() - interval '1 second'` }).where(eq(engineCron.functionId, "tern-cleanup"));
    const run = await eventually(
      async () => {
        const [found] = await db
          .select()
          .from(engineRuns)
          .where(and(eq(engineRuns.functionId, "tern-cleanup"), eq(engineRuns.status, "completed")));
        return found;
      },
      "the cleanup run",
      60_000,
    );

    expect(run.output).toEqual({ deleted: 2_500 + 1 + 1 + 3 + 1 + 1 });
    expect(await count(attempts, month.workspace.id)).toBe(3);
    expect(await count(deliveries, month.workspace.id)).toBe(1);
    expect(await count(events, month.workspace.id)).toBe(1);
    expect(await count(attempts, week.workspace.id)).toBe(3);
    expect(await count(events, week.workspace.id)).toBe(1);
    // Steps: the plan, then month: 3 attempt batches + 1 delivery + 1 event batch, week: 1 batch per table.
    expect(run.stack).toHaveLength(1 + 5 + 3);
  });
});
