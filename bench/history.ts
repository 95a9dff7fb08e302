// History and dashboard queries at scale: seeds N deliveries (with one attempt each) spread over
// 30 days with generate_series, then times the console's queries.
// Usage: npm run bench:history -- [deliveries=1000000]
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";

const N = Number(process.argv[2] ?? 1_000_000);
process.env.TERN_ENCRYPTION_KEY ??= Buffer.alloc(32, 3).toString("base64");

const dir = mkdtempSync(path.join(tmpdir(), "tern-bench-"));
chmodSync(dir, 0o755);
const { startEmbeddedPostgres } = await import("@/db/embedded");
const database = await startEmbeddedPostgres({ clusterDir: path.join(dir, "postgres") });
process.env.DATABASE_URL = database.url;
await (await import("@/db/migrate")).migrateDatabase(database.url);
const { db, getDb } = await import("@/db");
const { createOwnedWorkspace } = await import("@/test/fixtures");
const { createEndpoint } = await import("@/lib/endpoints/endpoints");
const { createEndpointInput } = await import("@/lib/endpoints/schemas");
const { listDeliveries } = await import("@/lib/deliveries/queries");
const { deliveryStats } = await import("@/lib/stats/stats");

const { workspace } = await createOwnedWorkspace("bench");
const endpointIds: string[] = [];
for (let i = 0; i < 20; i++) {
  endpointIds.push((await createEndpoint(workspace.id, createEndpointInput.parse({ url: `https://example.com/${i}`, eventTypes: ["*"] }), { type: "system", id: null })).id);
}

const seedStart = performance.now();
const ws = workspace.id;
await db.execute(sql`
  insert into events (id, workspace_id, type, data, created_at, occurred_at)
  select 'evt_b' || lpad(n::text, 9, '0'), ${ws}, 'type.' || (n % 10), '{}'::jsonb,
         now() - (n::float / ${N} * interval '30 days'), now() - (n::float / ${N} * interval '30 days')
  from generate_series(1, ${N}) n`);
await db.execute(sql`
  insert into deliveries (id, workspace_id, event_id, endpoint_id, event_type, status, attempt_count, last_status_code, created_at, updated_at)
  select 'dlv_b' || lpad(n::text, 9, '0'), ${ws}, 'evt_b' || lpad(n::text, 9, '0'), (${sql.param(endpointIds)}::text[])[1 + n % 20], 'type.' || (n % 10),
         (case when n % 20 = 0 then 'failed' when n % 50 = 1 then 'pending' else 'succeeded' end)::delivery_status,
         1 + (n % 3), case when n % 20 = 0 then 500 else 200 end,
         now() - (n::float / ${N} * interval '30 days'), now()
  from generate_series(1, ${N}) n`);
await db.execute(sql`
  insert into attempts (id, workspace_id, delivery_id, endpoint_id, event_id, number, trigger, request_headers, response_status, duration_ms, created_at)
  select 'att_b' || lpad(n::text, 9, '0'), ${ws}, 'dlv_b' || lpad(n::text, 9, '0'), (${sql.param(endpointIds)}::text[])[1 + n % 20], 'evt_b' || lpad(n::text, 9, '0'),
         1, 'scheduled', '{}'::jsonb, case when n % 20 = 0 then 500 else 200 end, 5 + (n % 200), now() - (n::float / ${N} * interval '30 days')
  from generate_series(1, ${N}) n`);
await db.execute(sql`analyze`);
console.log(`seeded ${N} deliveries, events and attempts in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

async function time(label: string, run: () => Promise<unknown>, repeats = 15) {
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(1);
  console.log(`${label.padEnd(44)} p50 ${p(0.5).padStart(7)} ms   p95 ${p(0.95).padStart(7)} ms`);
  return { p50: Number(p(0.5)), p95: Number(p(0.95)) };
}

const since24h = new Date(Date.now() - 86_400_000).toISOString();
const results: Record<string, { p50: number; p95: number }> = {};
results.historyNewest = await time("history: newest page", () => listDeliveries(ws, { limit: 50 }));
results.historyStatus = await time("history: status=failed", () => listDeliveries(ws, { limit: 50, status: "failed" }));
results.historyEndpoint = await time("history: endpoint", () => listDeliveries(ws, { limit: 50, endpointId: endpointIds[3] }));
results.historyType = await time("history: event type", () => listDeliveries(ws, { limit: 50, eventType: "type.3" }));
results.historyStatusEndpoint = await time("history: status=failed + endpoint + 24 h", () =>
  listDeliveries(ws, { limit: 50, status: "failed", endpointId: endpointIds[0], since: since24h }),
);
results.dashboard24h = await time("dashboard: 24 h", () => deliveryStats(ws, { from: since24h }), 5);
results.dashboard30d = await time("dashboard: 30 d", () => deliveryStats(ws, { from: new Date(Date.now() - 30 * 86_400_000).toISOString() }), 3);
console.log(JSON.stringify({ deliveries: N, historyQueryMs: results }));

await getDb().$client.end();
await database.stop();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
