// History and dashboard queries at scale: seeds n deliveries (one event and one attempt each)
// spread over 30 days with generate_series, in its own workspace, then times the console's
// queries (lib/deliveries/queries.ts, lib/stats/stats.ts).
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { db } from "@/db";
import { attemptRollups, attempts, deliveries, deliveryRollups, events } from "@/db/schema";
import { listDeliveries } from "@/lib/deliveries/queries";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { deliveryStats } from "@/lib/stats/stats";
import { attemptColumns, deliveryColumns, eventColumns } from "./lib/history-columns";
import { progress } from "./lib/log";
import { percentiles, round } from "./lib/stats";
import { createBenchWorkspace } from "./lib/workspace";

const ENDPOINTS = 20;
// Each generate_series statement inserts at most this many rows, so memory stays bounded at 10M.
const SEED_CHUNK = 1_000_000;
const HISTORY_REPEATS = 20;
const DASHBOARD_REPEATS = 10;

export type QueryTiming = { p50: number; p95: number };

async function seed(n: number): Promise<{ workspaceId: string; endpointIds: string[] }> {
  const { workspaceId: ws } = await createBenchWorkspace("bench history");
  const endpointIds: string[] = [];
  for (let i = 0; i < ENDPOINTS; i++) {
    const input = createEndpointInput.parse({ url: `https://example.com/${i}`, eventTypes: ["*"] });
    endpointIds.push((await createEndpoint(ws, input, { type: "system", id: null })).id);
  }
  // Ids unique to this call, so several sizes can share a database.
  const tag = randomBytes(3).toString("hex");
  const anchor = new Date().toISOString();
  const age = sql`(n::float / ${n} * interval '30 days')`;
  const endpoint = sql`(${sql.param(endpointIds)}::text[])[1 + n % ${ENDPOINTS}]`;
  for (let from = 1; from <= n; from += SEED_CHUNK) {
    const to = Math.min(n, from + SEED_CHUNK - 1);
    await db.execute(sql`
      insert into ${events} (${eventColumns})
      select 'evt_' || ${tag} || n, ${ws}, 'type.' || (n % 10), '{}'::jsonb, ${anchor}::timestamptz - ${age}, ${anchor}::timestamptz - ${age}
      from generate_series(${from}::int, ${to}::int) n`);
    await db.execute(sql`
      insert into ${deliveries} (${deliveryColumns})
      select 'dlv_' || ${tag} || n, ${ws}, 'evt_' || ${tag} || n, ${endpoint}, 'type.' || (n % 10),
             (case when n % 20 = 0 then 'failed' when n % 50 = 1 then 'pending' else 'succeeded' end)::delivery_status,
             1 + (n % 3), case when n % 20 = 0 then 500 else 200 end, ${anchor}::timestamptz - ${age}, ${anchor}::timestamptz
      from generate_series(${from}::int, ${to}::int) n`);
    await db.execute(sql`
      insert into ${attempts} (${attemptColumns})
      select 'att_' || ${tag} || n, ${ws}, 'dlv_' || ${tag} || n, ${endpoint}, 'evt_' || ${tag} || n,
             1, 'scheduled', '{}'::jsonb, case when n % 20 = 0 then 500 else 200 end, 5 + (n % 200), ${anchor}::timestamptz - ${age}
      from generate_series(${from}::int, ${to}::int) n`);
    if (to < n) progress(`history ${n}: seeded ${to}`);
  }
  await db.execute(sql`analyze ${events}, ${deliveries}, ${attempts}, ${deliveryRollups}, ${attemptRollups}`);
  return { workspaceId: ws, endpointIds };
}

async function time(label: string, run: () => Promise<unknown>, repeats: number): Promise<QueryTiming> {
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  const { p50, p95 } = percentiles(samples);
  progress(`  ${label.padEnd(44)} p50 ${String(p50).padStart(7)} ms   p95 ${String(p95).padStart(7)} ms`);
  return { p50, p95 };
}

export async function historyBench(n: number) {
  const seedStart = performance.now();
  const { workspaceId: ws, endpointIds } = await seed(n);
  const seedSeconds = round((performance.now() - seedStart) / 1000);
  progress(`history ${n}: seeded ${n} deliveries, events and attempts in ${seedSeconds} s`);

  const since24h = new Date(Date.now() - 86_400_000).toISOString();
  const since30d = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const page = { limit: 50 };
  const history: Record<string, QueryTiming> = {
    newest: await time("history: newest page", () => listDeliveries(ws, page), HISTORY_REPEATS),
    status: await time("history: status=failed", () => listDeliveries(ws, { ...page, status: "failed" }), HISTORY_REPEATS),
    endpoint: await time("history: endpoint", () => listDeliveries(ws, { ...page, endpointId: endpointIds[3] }), HISTORY_REPEATS),
    eventType: await time("history: event type", () => listDeliveries(ws, { ...page, eventType: "type.3" }), HISTORY_REPEATS),
    statusEndpoint24h: await time(
      "history: status=failed + endpoint + 24 h",
      () => listDeliveries(ws, { ...page, status: "failed", endpointId: endpointIds[0], since: since24h }),
      HISTORY_REPEATS,
    ),
  };
  const dashboard: Record<"24h" | "30d", QueryTiming> = {
    "24h": await time("dashboard: 24 h", () => deliveryStats(ws, { from: since24h }), DASHBOARD_REPEATS),
    "30d": await time("dashboard: 30 d", () => deliveryStats(ws, { from: since30d }), DASHBOARD_REPEATS),
  };

  const worstHistory = Math.max(...Object.values(history).map((timing) => timing.p95));
  return {
    history,
    dashboard,
    summary:
      `history at ${n} deliveries: every filter combination p95 ≤ ${worstHistory} ms; dashboard 24 h p50 ${dashboard["24h"].p50} / p95 ${dashboard["24h"].p95} ms, ` +
      `30 d p50 ${dashboard["30d"].p50} / p95 ${dashboard["30d"].p95} ms (seeded in ${seedSeconds} s)`,
  };
}
