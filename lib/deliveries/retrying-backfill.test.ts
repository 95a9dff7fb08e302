import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { createOwnedWorkspace } from "@/test/fixtures";
import { markAttemptedPendingRetrying } from "./retrying-backfill";

async function workspaceWithEndpoint() {
  const { workspace } = await createOwnedWorkspace();
  const input = createEndpointInput.parse({ url: "https://example.com/hook", eventTypes: ["*"] });
  const endpoint = await createEndpoint(workspace.id, input, { type: "system", id: null });
  return { workspaceId: workspace.id, endpointId: endpoint.id };
}

/** Deliveries with the given status and attempt count, one event each, spread over the last hours. */
async function seed(workspaceId: string, endpointId: string, rows: { status: string; attempts: number }[]) {
  const values = rows.map((row, i) => ({ ...row, id: `dlv_backfill_${workspaceId}_${i}`, at: new Date(Date.now() - (i % 5) * 3_600_000 - i).toISOString() }));
  await db.execute(sql`
    insert into events (id, workspace_id, type, data, created_at, occurred_at)
    select 'evt_' || id, ${workspaceId}, 'order.created', '{}'::jsonb, at, at from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as r(id text, at timestamptz)`);
  await db.execute(sql`
    insert into deliveries (id, workspace_id, event_id, endpoint_id, event_type, status, attempt_count, created_at)
    select id, ${workspaceId}, 'evt_' || id, ${endpointId}, 'order.created', status::delivery_status, attempts, at
    from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as r(id text, status text, attempts int, at timestamptz)`);
}

const statusCounts = async (workspaceId: string) =>
  Object.fromEntries(
    (
      await db.execute<{ status: string; attempted: boolean; count: number }>(sql`
        select status, attempt_count > 0 as attempted, count(*)::int as count from deliveries where workspace_id = ${workspaceId} group by 1, 2`)
    ).map((row) => [`${row.status}${row.attempted ? " attempted" : ""}`, row.count]),
  );

/** The hourly rollups, summed over shards, beside a recount from the rows. */
async function rollupsAndRecount(workspaceIds: string[]) {
  const ids = sql`array[${sql.join(
    workspaceIds.map((id) => sql`${id}`),
    sql`, `,
  )}]::text[]`;
  const rollups = await db.execute(sql`
    select workspace_id, hour, endpoint_id, sum(pending)::int as pending, sum(delivering)::int as delivering, sum(retrying)::int as retrying,
           sum(succeeded)::int as succeeded, sum(failed)::int as failed, sum(skipped)::int as skipped, sum(total)::int as total, sum(attempts)::int as attempts
    from delivery_rollups where workspace_id = any(${ids}) group by 1, 2, 3 having sum(total) <> 0 order by 1, 2, 3`);
  const recount = await db.execute(sql`
    select workspace_id, date_trunc('hour', created_at, 'UTC') as hour, endpoint_id,
           count(*) filter (where status = 'pending')::int as pending, count(*) filter (where status = 'delivering')::int as delivering,
           count(*) filter (where status = 'retrying')::int as retrying, count(*) filter (where status = 'succeeded')::int as succeeded,
           count(*) filter (where status = 'failed')::int as failed, count(*) filter (where status = 'skipped')::int as skipped,
           count(*)::int as total, sum(attempt_count)::int as attempts
    from deliveries where workspace_id = any(${ids}) group by 1, 2, 3 order by 1, 2, 3`);
  return { rollups: [...rollups], recount: [...recount] };
}

describe("markAttemptedPendingRetrying", () => {
  it("moves only pending deliveries that were attempted, in every workspace, keeping the rollups exact, and moves nothing the second time", async () => {
    const first = await workspaceWithEndpoint();
    const second = await workspaceWithEndpoint();
    // More than one page of pending rows, with never-tried ones between the attempted ones.
    await seed(first.workspaceId, first.endpointId, [
      ...Array.from({ length: 2_300 }, (_, i) => ({ status: "pending", attempts: i % 3 === 0 ? 0 : 1 + (i % 4) })),
      { status: "failed", attempts: 5 },
      { status: "succeeded", attempts: 2 },
      { status: "delivering", attempts: 1 },
      { status: "retrying", attempts: 2 },
    ]);
    await seed(second.workspaceId, second.endpointId, [
      { status: "pending", attempts: 1 },
      { status: "pending", attempts: 0 },
    ]);
    const before = await statusCounts(first.workspaceId);
    expect(before).toEqual({
      pending: 767,
      "pending attempted": 1_533,
      "failed attempted": 1,
      "succeeded attempted": 1,
      "delivering attempted": 1,
      "retrying attempted": 1,
    });

    const moved = await markAttemptedPendingRetrying();
    expect(moved).toBeGreaterThanOrEqual(1_534);
    expect(await statusCounts(first.workspaceId)).toEqual({
      pending: 767,
      "failed attempted": 1,
      "succeeded attempted": 1,
      "delivering attempted": 1,
      "retrying attempted": 1_534,
    });
    expect(await statusCounts(second.workspaceId)).toEqual({ pending: 1, "retrying attempted": 1 });
    const { rollups, recount } = await rollupsAndRecount([first.workspaceId, second.workspaceId]);
    expect(rollups).toEqual(recount);

    expect(await markAttemptedPendingRetrying()).toBe(0);
  });

  it("leaves a row another session holds to it", async () => {
    const { workspaceId, endpointId } = await workspaceWithEndpoint();
    await seed(workspaceId, endpointId, [
      { status: "pending", attempts: 1 },
      { status: "pending", attempts: 2 },
    ]);
    const held = `dlv_backfill_${workspaceId}_0`;
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = db.transaction(async (tx) => {
      await tx.execute(sql`select id from deliveries where id = ${held} for update`);
      locked();
      await released;
    });
    await isLocked;
    await markAttemptedPendingRetrying();
    release();
    await holder;
    expect(await statusCounts(workspaceId)).toEqual({ "pending attempted": 1, "retrying attempted": 1 });
    await markAttemptedPendingRetrying();
    expect(await statusCounts(workspaceId)).toEqual({ "retrying attempted": 2 });
  });
});
