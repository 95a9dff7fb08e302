// The hourly fold of the rollups' shards, fired through the embedded executor's cron: each key of
// an hour that is over ends as one row in shard 0 holding what its shards held, the running hour
// keeps its shards, and a row another session holds waits for the next fold.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { engineCron, engineRuns } from "@/db/engine-schema";
import { histogramColumns } from "@/db/latency-histogram";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import type { Executor } from "@/lib/engine/executor";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { sessionsOnDistinctShards } from "@/test/rollup-sessions";
import { startTernExecutor } from "@/test/tern-engine";
import { foldRollupBatch, ROLLUP_TABLES } from "./fold-rollups";

const DELIVERY_COUNTERS = ["pending", "delivering", "retrying", "succeeded", "failed", "skipped", "total", "attempts"];

let executor: Executor;
beforeAll(async () => {
  executor = await startTernExecutor();
});
afterAll(() => executor.stop());

async function workspaceWithEndpoints() {
  const { workspace } = await createOwnedWorkspace();
  const input = createEndpointInput.parse({ url: "https://example.com/hook", eventTypes: ["*"] });
  const system = { type: "system", id: null } as const;
  const endpointIds = [(await createEndpoint(workspace.id, input, system)).id, (await createEndpoint(workspace.id, input, system)).id];
  return { workspaceId: workspace.id, endpointIds };
}

/** Deliveries of one endpoint created `hoursAgo`, each with one attempt per duration, written by `session`. */
async function deliveriesFrom(
  session: Awaited<ReturnType<typeof sessionsOnDistinctShards>>[number],
  workspaceId: string,
  endpointId: string,
  hoursAgo: number,
  durations: number[],
) {
  const at = new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
  const rows = durations.map((duration, i) => ({ id: `${workspaceId}_${endpointId}_${hoursAgo}_${i}_${Math.random().toString(36).slice(2)}`, duration }));
  await session`insert into events (id, workspace_id, type, data, created_at, occurred_at)
    select 'evt_' || r.id, ${workspaceId}, 't', '{}'::jsonb, ${at}, ${at} from jsonb_to_recordset(${session.json(rows)}) as r(id text)`;
  await session`insert into deliveries (id, workspace_id, event_id, endpoint_id, event_type, status, attempt_count, created_at)
    select 'dlv_' || r.id, ${workspaceId}, 'evt_' || r.id, ${endpointId}, 't', 'retrying', 1, ${at} from jsonb_to_recordset(${session.json(rows)}) as r(id text)`;
  await session`insert into attempts (id, workspace_id, delivery_id, endpoint_id, event_id, number, trigger, request_headers, response_status, duration_ms, created_at)
    select 'att_' || r.id, ${workspaceId}, 'dlv_' || r.id, ${endpointId}, 'evt_' || r.id, 1, 'scheduled', '{}'::jsonb, 500, r.duration, ${at}
    from jsonb_to_recordset(${session.json(rows)}) as r(id text, duration int)`;
}

type Key = { hour: string; endpoint: string; shard: number };

/** Each rollup row of the workspace, without its counters: where its counts are. */
async function rowsOf(workspaceId: string, table: (typeof ROLLUP_TABLES)[number]): Promise<Key[]> {
  return db.execute<Key>(sql`select hour::text as hour, endpoint_id as endpoint, shard from ${sql.identifier(table)}
    where workspace_id = ${workspaceId} order by hour, endpoint_id, shard`);
}

/** What readers see: every key's counters summed over its shards (minimum and maximum for the durations). */
async function sums(workspaceId: string) {
  type Counts = { hour: string; endpoint_id: string } & Record<string, unknown>;
  const deliveriesByKey = await db.execute<Counts>(sql`
    select hour::text, endpoint_id, ${sql.raw(DELIVERY_COUNTERS.map((c) => `sum(${c})::int as ${c}`).join(", "))}
    from delivery_rollups where workspace_id = ${workspaceId} group by 1, 2 order by 1, 2`);
  const attemptsByKey = await db.execute<Counts>(sql`
    select hour::text, endpoint_id, status, sum(count)::int as count, min(min_ms) as min, max(max_ms) as max,
      array[${sql.raw(histogramColumns.map((h) => `sum(${h})::int`).join(", "))}] as histogram
    from attempt_rollups where workspace_id = ${workspaceId} group by 1, 2, 3 order by 1, 2, 3`);
  return { deliveriesByKey: [...deliveriesByKey], attemptsByKey: [...attemptsByKey] };
}

const foldAll = async () => {
  for (const table of ROLLUP_TABLES) while ((await foldRollupBatch(table, 3)) === 3);
};

describe("folding the rollups' shards", () => {
  it("sums each key of an hour that is over into shard 0, and leaves the running hour and rows a session holds", async () => {
    const { workspaceId, endpointIds } = await workspaceWithEndpoints();
    const [a, b, c] = await sessionsOnDistinctShards(3);
    const [first, second] = endpointIds as [string, string];
    await deliveriesFrom(a!, workspaceId, first, 3, [4, 900]);
    await deliveriesFrom(b!, workspaceId, first, 3, [4]);
    await deliveriesFrom(b!, workspaceId, second, 3, [25]);
    await deliveriesFrom(c!, workspaceId, second, 3, [7, 8]);
    await deliveriesFrom(a!, workspaceId, first, 0, [3]);
    await deliveriesFrom(c!, workspaceId, first, 0, [5]);
    const before = await sums(workspaceId);
    const runningHour = (rows: Key[]) => rows.filter((row) => new Date(row.hour).getTime() > Date.now() - 3_600_000);
    const running = runningHour(await rowsOf(workspaceId, "delivery_rollups"));
    expect(running.length).toBe(2);

    const [aShard] = await a!<{ shard: number }[]>`select tern_rollup_shard() as shard`;
    // Session a changes one of its deliveries of three hours ago and has not committed: its shard's row is locked.
    let commit!: () => void;
    const held = new Promise<void>((resolve) => (commit = resolve));
    let changed!: () => void;
    const changing = new Promise<void>((resolve) => (changed = resolve));
    const transaction = a!.begin(async (tx) => {
      await tx`update deliveries set status = 'failed' where workspace_id = ${workspaceId} and endpoint_id = ${first}
        and created_at < now() - interval '2 hours' and id = (select min(id) from deliveries where workspace_id = ${workspaceId} and endpoint_id = ${first} and created_at < now() - interval '2 hours')`;
      changed();
      await held;
    });
    await changing;
    try {
      await foldAll();

      const pastDeliveries = (await rowsOf(workspaceId, "delivery_rollups")).filter((row) => !runningHour([row]).length);
      expect(pastDeliveries.map(({ endpoint, shard }) => `${endpoint === first ? "first" : "second"} ${shard}`).sort()).toEqual(
        [`first ${aShard!.shard}`, "first 0", "second 0"].sort(),
      );
      expect((await rowsOf(workspaceId, "attempt_rollups")).filter((row) => !runningHour([row]).length).every((row) => row.shard === 0)).toBe(true);
      expect(runningHour(await rowsOf(workspaceId, "delivery_rollups"))).toEqual(running);
      expect(await sums(workspaceId)).toEqual(before);
    } finally {
      commit();
      await transaction;
    }
    await foldAll();
    const after = await sums(workspaceId);
    const past = <Row extends { hour: string }>(rows: Row[]) => rows.filter((row) => new Date(row.hour).getTime() < Date.now() - 3_600_000);
    expect(past(after.deliveriesByKey)).toEqual(
      past(before.deliveriesByKey).map((row) => (row.endpoint_id === first ? { ...row, retrying: 2, failed: 1 } : row)),
    );
    expect(after.attemptsByKey).toEqual(before.attemptsByKey);
    expect((await rowsOf(workspaceId, "delivery_rollups")).filter((row) => !runningHour([row]).length).every((row) => row.shard === 0)).toBe(true);
  });

  it("runs hourly through the executor's cron", async () => {
    const { workspaceId, endpointIds } = await workspaceWithEndpoints();
    const [a, b] = await sessionsOnDistinctShards(2);
    await deliveriesFrom(a!, workspaceId, endpointIds[0]!, 5, [1, 2]);
    await deliveriesFrom(b!, workspaceId, endpointIds[0]!, 5, [3]);
    const before = await sums(workspaceId);
    expect((await rowsOf(workspaceId, "delivery_rollups")).length).toBe(2);

    const [previous] = await db
      .select({ count: sql<number>`count(*)::int` })
      .from(engineRuns)
      .where(and(eq(engineRuns.functionId, "tern-fold-rollups"), eq(engineRuns.status, "completed")));
    await db.update(engineCron).set({ nextAt: sql`now() - interval '1 second'` }).where(eq(engineCron.functionId, "tern-fold-rollups"));
    await eventually(async () => {
      const [runs] = await db
        .select({ count: sql<number>`count(*)::int` })
        .from(engineRuns)
        .where(and(eq(engineRuns.functionId, "tern-fold-rollups"), eq(engineRuns.status, "completed")));
      return runs!.count > previous!.count || undefined;
    }, "a completed fold run");

    expect((await rowsOf(workspaceId, "delivery_rollups")).map((row) => row.shard)).toEqual([0]);
    expect((await rowsOf(workspaceId, "attempt_rollups")).map((row) => row.shard)).toEqual([0]);
    expect(await sums(workspaceId)).toEqual(before);
  });
});
