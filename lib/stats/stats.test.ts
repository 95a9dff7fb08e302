import { sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { endpoints } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { newId } from "@/lib/ids";
import { TIMEOUT_ERROR_PREFIX } from "@/lib/webhooks/send";
import { createOwnedWorkspace } from "@/test/fixtures";
import { sessionsOnDistinctShards } from "@/test/rollup-sessions";
import { foldRollupBatch, ROLLUP_TABLES } from "./fold-rollups";
import { emptyHistogram, histogramPercentile, LATENCY_BUCKETS, latencyBucket, mergeHistogram } from "./latency-histogram";
import { deliveryStats, targetHosts } from "./stats";
import { STATUS_CLASSES } from "./status-classes";

const HOUR = 3_600_000;
const STATUSES = ["pending", "delivering", "retrying", "succeeded", "failed", "skipped"] as const;

async function workspaceWithEndpoints(count: number) {
  const { workspace } = await createOwnedWorkspace();
  const endpointIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const input = createEndpointInput.parse({ url: `https://example.com/${i}`, eventTypes: ["*"] });
    endpointIds.push((await createEndpoint(workspace.id, input, { type: "system", id: null })).id);
  }
  return { workspaceId: workspace.id, endpointIds };
}

const TIMEOUT = `${TIMEOUT_ERROR_PREFIX} 1000 ms`;
const REFUSED = "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9";

/** Deliveries (one event each) and their attempts, created_at as given; every third attempt got no response, timing out or refused. */
async function seed(workspaceId: string, rows: { id: string; endpointId: string; status: string; at: Date; durations: (number | null)[] }[]) {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into events (id, workspace_id, type, data, created_at, occurred_at)
    select 'evt_' || id, ${workspaceId}, 'order.created', '{}'::jsonb, at, at
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id text, at timestamptz)`);
  await db.execute(sql`
    insert into deliveries (id, workspace_id, event_id, endpoint_id, event_type, status, attempt_count, created_at)
    select id, ${workspaceId}, 'evt_' || id, "endpointId", 'order.created', status::delivery_status, jsonb_array_length(durations), at
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id text, "endpointId" text, status text, at timestamptz, durations jsonb)`);
  await db.execute(sql`
    insert into attempts (id, workspace_id, delivery_id, endpoint_id, event_id, number, trigger, request_headers, response_status, error, duration_ms, created_at)
    select id || '_' || n, ${workspaceId}, id, "endpointId", 'evt_' || id, n, (case when n = 1 then 'scheduled' else 'manual' end)::attempt_trigger, '{}'::jsonb,
           case when status = 'failed' then 500 when n % 3 = 0 then null else 200 end,
           case when status <> 'failed' and n % 3 = 0 then (case when length(id) % 2 = 0 then ${TIMEOUT} else ${REFUSED} end) end,
           duration::int, at + n * interval '1 second'
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id text, "endpointId" text, status text, at timestamptz, durations jsonb),
         jsonb_array_elements_text(durations) with ordinality as a(duration, n)`);
}

/** What the dashboard must say, computed the slow way from raw rows. */
async function rawStats(workspaceId: string, from: Date, to: Date, endpointId?: string) {
  const range = sql`workspace_id = ${workspaceId} and created_at >= ${from.toISOString()}::timestamptz and created_at < ${to.toISOString()}::timestamptz
    ${endpointId ? sql`and endpoint_id = ${endpointId}` : sql``}`;
  const [totals] = await db.execute<{
    pending: number;
    retrying: number;
    succeeded: number;
    failed: number;
    skipped: number;
    total: number;
    attempts: number;
  }>(sql`
    select count(*) filter (where status in ('pending', 'delivering'))::int as pending, count(*) filter (where status = 'retrying')::int as retrying,
           count(*) filter (where status = 'succeeded')::int as succeeded,
           count(*) filter (where status = 'failed')::int as failed, count(*) filter (where status = 'skipped')::int as skipped,
           count(*)::int as total, coalesce(sum(attempt_count), 0)::int as attempts
    from deliveries where ${range}`);
  const [latency] = await db.execute<{ p50: number | null; p95: number | null; count: number; succeeded: number }>(sql`
    select percentile_disc(0.5) within group (order by duration_ms) as p50, percentile_disc(0.95) within group (order by duration_ms) as p95, count(*)::int as count,
           count(*) filter (where response_status between 200 and 299)::int as succeeded
    from attempts where ${range}`);
  const codes = await db.execute<{ status: string; count: number }>(sql`
    select coalesce(response_status::text, 'no response') as status, count(*)::int as count from attempts where ${range} group by 1`);
  const [classes] = await db.execute<Record<string, number>>(sql`
    select count(*) filter (where response_status between 200 and 299)::int as "2xx", count(*) filter (where response_status between 300 and 399)::int as "3xx",
           count(*) filter (where response_status between 400 and 499)::int as "4xx", count(*) filter (where response_status between 500 and 599)::int as "5xx",
           count(*) filter (where response_status is null and error = ${TIMEOUT})::int as timeout,
           count(*) filter (where response_status is null and error is distinct from ${TIMEOUT})::int as refused,
           count(*) filter (where response_status < 200 or response_status > 599)::int as other
    from attempts where ${range}`);
  return { totals: totals!, latency: latency!, codes: [...codes], classes: classes! };
}

const near = (actual: number | null, expected: number | null) => {
  if (expected === null) return actual === null;
  return actual !== null && Math.abs(actual - expected) <= expected * 0.2 + 1;
};

describe("latency histogram", () => {
  it("buckets every duration the same way in TypeScript and in PostgreSQL", async () => {
    const rows = await db.execute<{ ms: number; bucket: number }>(sql`
      select ms, tern_latency_bucket(ms) as bucket from generate_series(0, 70000) ms`);
    const mismatches = rows.filter((row) => latencyBucket(row.ms) !== row.bucket);
    expect(mismatches).toEqual([]);
    expect(rows.at(-1)!.bucket).toBe(LATENCY_BUCKETS - 1);
  });

  it("estimates percentiles within one bucket and stays inside the observed range", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60_000 }), { minLength: 1, maxLength: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, q) => {
        const histogram = emptyHistogram();
        for (const value of values) {
          const counts = new Array<number>(LATENCY_BUCKETS).fill(0);
          counts[latencyBucket(value)] = 1;
          mergeHistogram(histogram, counts, value, value);
        }
        const sorted = [...values].sort((a, b) => a - b);
        const exact = sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
        const estimate = histogramPercentile(histogram, q)!;
        expect(estimate).toBeGreaterThanOrEqual(sorted[0]!);
        expect(estimate).toBeLessThanOrEqual(sorted.at(-1)!);
        expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(exact * 0.2 + 1);
      }),
    );
  });
});

describe("deliveryStats", () => {
  it("matches the raw rows for any range and endpoint, through inserts, status changes and deletes", async () => {
    const { workspaceId, endpointIds } = await workspaceWithEndpoints(3);
    const other = await workspaceWithEndpoints(1);
    const now = Math.floor(Date.now() / 1000) * 1000;
    const rows = Array.from({ length: 400 }, (_, i) => ({
      id: `dlv_stats_${workspaceId}_${i}`,
      endpointId: endpointIds[i % 3]!,
      status: STATUSES[(i * 7) % 6]!,
      at: new Date(now - ((i * 2_654_435) % (50 * HOUR)) - 1000),
      durations: Array.from({ length: 1 + (i % 3) }, (_, n) => (i * 37 + n * 101) % 3000),
    }));
    await seed(workspaceId, rows);
    await seed(other.workspaceId, [{ id: "dlv_stats_other", endpointId: other.endpointIds[0]!, status: "failed", at: new Date(now - HOUR), durations: [5] }]);
    // Retries finish, some deliveries move to another hour, some are deleted (as retention does),
    // each from another session, so the rollups spread over shards and deletes fold them.
    const [a, b, c] = await sessionsOnDistinctShards(3);
    await a!`update deliveries set status = 'succeeded', attempt_count = attempt_count + 1 where workspace_id = ${workspaceId} and status = 'pending'`;
    await b!`update deliveries set created_at = created_at - interval '3 hours' where workspace_id = ${workspaceId} and id like '%0'`;
    const [spread] = await db.execute<{ shards: number }>(
      sql`select count(distinct shard)::int as shards from delivery_rollups where workspace_id = ${workspaceId}`,
    );
    expect(spread!.shards).toBeGreaterThanOrEqual(2);
    await c!`delete from attempts where workspace_id = ${workspaceId} and id like '%7_2'`;
    await c!`delete from deliveries where workspace_id = ${workspaceId} and id like '%3'`;
    // Attempts count whatever their trigger, even one without a delivery (test sends before 0003).
    await db.execute(sql`
      insert into attempts (id, workspace_id, endpoint_id, event_id, number, trigger, request_headers, response_status, duration_ms, created_at)
      values ('att_stats_test', ${workspaceId}, ${endpointIds[0]}, 'evt_test', 1, 'test', '{}'::jsonb, 418, 9999, now() - interval '1 hour')`);
    // The hours that are over are folded into one row per key; a later change to one of them
    // (a retry of a delivery created then) lands in a shard again, for the next fold.
    for (const table of ROLLUP_TABLES) while ((await foldRollupBatch(table, 50)) === 50);
    const unfolded = async (table: string) =>
      (
        await db.execute<{ rows: number }>(sql`select count(*)::int as rows from ${sql.identifier(table)}
        where workspace_id = ${workspaceId} and shard <> 0 and hour < date_trunc('hour', now(), 'UTC')`)
      )[0]!.rows;
    expect([await unfolded("delivery_rollups"), await unfolded("attempt_rollups")]).toEqual([0, 0]);
    await a!`update deliveries set status = 'failed' where workspace_id = ${workspaceId} and status = 'retrying' and created_at < now() - interval '2 hours'`;
    await b!`delete from attempts where workspace_id = ${workspaceId} and id like '%1_1'`;
    expect(await unfolded("delivery_rollups")).toBeGreaterThan(0);

    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 54 * 3600 }),
        fc.integer({ min: 60, max: 54 * 3600 }),
        fc.option(fc.constantFrom(...endpointIds), { nil: undefined }),
        async (endOffsetSeconds, spanSeconds, endpointId) => {
          const to = new Date(now - endOffsetSeconds * 1000 + 1000);
          const from = new Date(to.getTime() - spanSeconds * 1000);
          const stats = await deliveryStats(workspaceId, { from: from.toISOString(), to: to.toISOString(), endpointId });
          const expected = await rawStats(workspaceId, from, to, endpointId);
          const { attempts, ...totals } = expected.totals;
          expect(stats.totals).toEqual(totals);
          expect(stats.attemptsPerDelivery).toBe(totals.total ? attempts / totals.total : null);
          expect(stats.series.reduce((sum, point) => sum + point.succeeded + point.failed + point.retrying + point.pending, 0)).toBe(
            totals.succeeded + totals.failed + totals.retrying + totals.pending,
          );
          const { count, succeeded } = expected.latency;
          expect(stats.attempts).toEqual({ total: count, succeeded, successRate: count ? succeeded / count : null });
          expect(stats.attemptSeries.reduce((sum, point) => sum + point.attempts, 0)).toBe(count);
          expect(stats.statusCodes.sort((a, b) => a.status.localeCompare(b.status))).toEqual(expected.codes.sort((a, b) => a.status.localeCompare(b.status)));
          expect(stats.statusClasses).toEqual(expected.classes);
          for (const responseClass of STATUS_CLASSES) {
            expect(stats.attemptSeries.reduce((sum, point) => sum + point[responseClass], 0)).toBe(expected.classes[responseClass]);
          }
          expect(near(stats.latencyMs.p50, expected.latency.p50)).toBe(true);
          expect(near(stats.latencyMs.p95, expected.latency.p95)).toBe(true);
          // Three endpoints, so the top five are all of them.
          expect(stats.topFailingEndpoints.reduce((sum, endpoint) => sum + endpoint.failed, 0)).toBe(totals.failed);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("counts the deliveries retrying and the endpoints failing now, whatever the range, within the filters", async () => {
    const { workspaceId, endpointIds } = await workspaceWithEndpoints(3);
    const other = await workspaceWithEndpoints(1);
    const longAgo = new Date(Date.now() - 40 * 86_400_000);
    await seed(workspaceId, [
      { id: `dlv_now_${workspaceId}_1`, endpointId: endpointIds[0]!, status: "retrying", at: longAgo, durations: [5] },
      { id: `dlv_now_${workspaceId}_2`, endpointId: endpointIds[0]!, status: "retrying", at: new Date(), durations: [5, 6] },
      { id: `dlv_now_${workspaceId}_3`, endpointId: endpointIds[1]!, status: "retrying", at: new Date(), durations: [5] },
      { id: `dlv_now_${workspaceId}_4`, endpointId: endpointIds[1]!, status: "pending", at: new Date(), durations: [] },
    ]);
    await seed(other.workspaceId, [
      { id: `dlv_now_${other.workspaceId}`, endpointId: other.endpointIds[0]!, status: "retrying", at: new Date(), durations: [5] },
    ]);
    await db.execute(sql`update endpoints set failed_attempts_since_success = case id when ${endpointIds[0]} then 3 when ${endpointIds[1]} then 2 else 0 end
      where workspace_id = ${workspaceId}`);
    await db.execute(sql`update endpoints set failed_attempts_since_success = 9 where workspace_id = ${other.workspaceId}`);

    const stats = await deliveryStats(workspaceId, {});
    expect(stats.retryingNow).toBe(3);
    expect(stats.totals.retrying).toBe(2);
    expect(stats.failingEndpoints).toBe(1);
    const second = await deliveryStats(workspaceId, { endpointId: endpointIds[1] });
    expect({ retrying: second.retryingNow, failing: second.failingEndpoints }).toEqual({ retrying: 1, failing: 0 });
  });

  it("keeps no rollup rows for deliveries that no longer exist", async () => {
    const { workspaceId, endpointIds } = await workspaceWithEndpoints(1);
    await seed(workspaceId, [{ id: `dlv_gone_${workspaceId}`, endpointId: endpointIds[0]!, status: "pending", at: new Date(), durations: [3] }]);
    const [a, b] = await sessionsOnDistinctShards(2);
    await a!`update deliveries set status = 'succeeded' where workspace_id = ${workspaceId}`;
    await a!`update attempts set duration_ms = 4 where workspace_id = ${workspaceId}`;
    await b!`delete from endpoints where id = ${endpointIds[0]!}`;
    const [left] = await db.execute<{ deliveries: number; attempts: number }>(sql`
      select (select count(*)::int from delivery_rollups where workspace_id = ${workspaceId}) as deliveries,
             (select count(*)::int from attempt_rollups where workspace_id = ${workspaceId}) as attempts`);
    expect(left).toEqual({ deliveries: 0, attempts: 0 });
  });
});

describe("targetHosts", () => {
  it("counts the distinct hosts of enabled endpoints and lists those most endpoints share", async () => {
    const { workspace } = await createOwnedWorkspace();
    const { workspace: other } = await createOwnedWorkspace();
    const endpointAt = (workspaceId: string, url: string, enabled = true) => ({
      id: newId("ep"),
      workspaceId,
      url,
      enabled,
      eventTypes: ["*"],
      secretEncrypted: encryptSecret("whsec_x"),
    });
    await db.insert(endpoints).values([
      // One host however its URL spells it: case, port, path, query.
      endpointAt(workspace.id, "https://Hooks.Example.com/a"),
      endpointAt(workspace.id, "https://hooks.example.com:8443/b?x=1"),
      endpointAt(workspace.id, "https://hooks.example.com./c#f"),
      endpointAt(workspace.id, "https://api.receiver.io/hook"),
      endpointAt(workspace.id, "https://api.receiver.io/other"),
      endpointAt(workspace.id, "https://[2606:4700::1111]/v6"),
      endpointAt(workspace.id, "https://disabled.example/x", false),
      endpointAt(other.id, "https://hooks.example.com/elsewhere"),
    ]);

    expect(await targetHosts(workspace.id)).toEqual({
      distinct: 3,
      top: [
        { host: "hooks.example.com", endpoints: 3 },
        { host: "api.receiver.io", endpoints: 2 },
        { host: "[2606:4700::1111]", endpoints: 1 },
      ],
    });
    expect(await targetHosts((await createOwnedWorkspace()).workspace.id)).toEqual({ distinct: 0, top: [] });
  });

  it("lists at most five hosts but counts them all", async () => {
    const { workspace } = await createOwnedWorkspace();
    await db.insert(endpoints).values(
      Array.from({ length: 8 }, (_, i) => ({
        id: newId("ep"),
        workspaceId: workspace.id,
        url: `https://host-${i}.example/`,
        eventTypes: ["*"],
        secretEncrypted: encryptSecret("whsec_x"),
      })),
    );
    const hosts = await targetHosts(workspace.id);
    expect(hosts.distinct).toBe(8);
    expect(hosts.top.map((h) => h.host)).toEqual(["host-0.example", "host-1.example", "host-2.example", "host-3.example", "host-4.example"]);
  });
});
