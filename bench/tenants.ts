// Tenants at scale, in one workspace: BENCH_TENANTS tenants with two endpoints each on the
// loopback receiver, beside four of the workspace's own endpoints, all seeded with generate_series.
// Publishing for one tenant, for random tenants and without one are timed in the same run, in
// alternating rounds, each event fanning out to two deliveries. Then, with BENCH_TENANT_HISTORY_DELIVERIES
// deliveries spread over the tenants (a few hold most of them), the tenant list, search and
// history queries are timed through lib/, as the console and the API run them.
import { randomBytes, randomInt } from "node:crypto";
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { db } from "@/db";
import { deliveries, deliveryRollups, endpoints, events, tenants } from "@/db/schema";
import { encodeCursor } from "@/lib/api/pagination";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { listDeliveries } from "@/lib/deliveries/queries";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { deliveryStats, targetHosts } from "@/lib/stats/stats";
import { tenantSummaries } from "@/lib/tenants/summaries";
import { listTenants } from "@/lib/tenants/tenants";
import { generateSigningSecret } from "@/lib/webhooks/sign";
import type { BenchApp } from "./lib/app";
import { type CpuSeconds, cpuMsPer, cpuSeconds, describeCpu } from "./lib/cpu";
import { tenantColumns, tenantDeliveryColumns, tenantEndpointColumns, tenantEventColumns } from "./lib/history-columns";
import { progress } from "./lib/log";
import { type QueryTiming, timeEach } from "./lib/query-timing";
import type { BenchReceiver } from "./lib/receiver";
import { type RestClient, restClient } from "./lib/rest";
import { type Percentiles, percentiles, round } from "./lib/stats";
import { createBenchWorkspace } from "./lib/workspace";

const TENANT_TYPE = "bench.tenant";
const OWN_TYPE = "bench.own";
const OTHER_TYPE = "bench.other";
// Each tenant's two endpoints take every type; two of the workspace's own take OWN_TYPE and two
// another type, so an event of either kind fans out to two deliveries.
const TENANT_PATHS = ["/tenants/0", "/tenants/1"];
const OWN_PATHS = ["/own/0", "/own/1"];
const UNSUBSCRIBED_PATHS = ["/own/other/0", "/own/other/1"];

// Tenant i holds a share of the history that falls with i: with u uniform in [0, 1), an event
// goes to tenant floor(tenants × u³). At 100,000 tenants and 10M deliveries the first holds about
// 2 % (215,000), the first 1 % of tenants about a fifth, a median tenant about 50.
const SKEW = 3;
// Each generate_series statement inserts at most this many deliveries, so memory stays bounded at 10M.
const SEED_CHUNK = 1_000_000;
const PAGE = 50;
const SAMPLES = 50;
const REPEATS = 20;
const GOAL_P95_MS = 50;
const GOAL_RATIO = 0.9;

const FIRST_WORDS = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka", "Soylent", "Cyberdyne", "Tyrell", "Aperture"];
const SECOND_WORDS = ["Labs", "Systems", "Group", "Industries", "Logistics", "Health", "Foods", "Energy", "Media", "Capital", "Robotics", "Studios"];

export type TenantWorkspace = {
  workspaceId: string;
  apiKey: string;
  /** Tenant i's key and name. */
  keys: string[];
  names: string[];
  /** Tenant i's id is tenantIdPrefix and i in 20 digits; its endpoints' are endpointIdPrefix and 2i, 2i + 1. */
  tenantIdPrefix: string;
  endpointIdPrefix: string;
  tenantId: (i: number) => string;
};

// Seeded ids have newId's shape, a prefix and 26 characters of its alphabet (here a 6-hex-digit
// tag and 20 digits), so cursors accept them.
const seededId = (prefix: string, tag: string) => `${prefix}_${tag}`;
const numbered = (prefix: string, n: number) => `${prefix}${String(n).padStart(20, "0")}`;
const numberedSql = (prefix: string, n: SQL) => sql`${prefix}::text || lpad((${n})::text, 20, '0')`;

/** The workspace with `count` tenants, two endpoints each, and four endpoints of its own, all pointing at the receiver. */
export async function seedTenantWorkspace(receiver: BenchReceiver, count: number): Promise<TenantWorkspace> {
  const { workspaceId: ws, apiKey } = await createBenchWorkspace("bench tenants");
  const tag = randomBytes(3).toString("hex");
  const tenantIdPrefix = seededId("tnt", tag);
  const endpointIdPrefix = seededId("ep", tag);
  const anchor = new Date().toISOString();
  // One tenant a minute, the first the oldest.
  const tenantCreated = (i: SQL) => sql`${anchor}::timestamptz - (${count} - (${i})) * interval '1 minute'`;
  await db.execute(sql`
    insert into ${tenants} (${tenantColumns})
    select ${numberedSql(tenantIdPrefix, sql`i`)}, ${ws}, substr(md5(${tag}::text || i), 1, 8) || '-' || i,
           (${sql.param(FIRST_WORDS)}::text[])[1 + i % ${FIRST_WORDS.length}] || ' ' || (${sql.param(SECOND_WORDS)}::text[])[1 + (i / ${FIRST_WORDS.length}) % ${SECOND_WORDS.length}] || ' ' || i,
           ${tenantCreated(sql`i`)}, ${tenantCreated(sql`i`)}
    from generate_series(0, ${count - 1}::int) i`);
  // One sealed secret for every tenant endpoint keeps the insert a single generate_series; the receiver checks no signature.
  const secret = encryptSecret(generateSigningSecret());
  await db.execute(sql`
    insert into ${endpoints} (${tenantEndpointColumns})
    select ${numberedSql(endpointIdPrefix, sql`n`)}, ${ws}, ${numberedSql(tenantIdPrefix, sql`n / 2`)},
           (${sql.param(TENANT_PATHS.map((path) => receiver.url(path)))}::text[])[1 + n % 2], '{*}'::text[], ${secret},
           ${tenantCreated(sql`n / 2`)}, ${tenantCreated(sql`n / 2`)}
    from generate_series(0, ${2 * count - 1}::int) n`);
  for (const [paths, type] of [
    [OWN_PATHS, OWN_TYPE],
    [UNSUBSCRIBED_PATHS, OTHER_TYPE],
  ] as const) {
    for (const path of paths) {
      await createEndpoint(ws, createEndpointInput.parse({ url: receiver.url(path), eventTypes: [type] }), { type: "system", id: null });
    }
  }
  await db.execute(sql`analyze ${tenants}, ${endpoints}`);
  const rows = await db.select({ key: tenants.key, name: tenants.name }).from(tenants).where(eq(tenants.workspaceId, ws)).orderBy(tenants.id);
  return {
    workspaceId: ws,
    apiKey,
    keys: rows.map((row) => row.key),
    names: rows.map((row) => row.name),
    tenantIdPrefix,
    endpointIdPrefix,
    tenantId: (i) => numbered(tenantIdPrefix, i),
  };
}

/**
 * `oneTenant`: every event for one tenant, whose two endpoints then batch like the workspace's own
 * two: against `untenanted`, what tenancy itself costs (the goal). `tenant`: each event for a random
 * one of all the tenants, so its two deliveries go to endpoints no other event of the round shares
 * and each is sent in a batch of its own.
 */
type Kind = "tenant" | "oneTenant" | "untenanted";
const KINDS: Kind[] = ["tenant", "oneTenant", "untenanted"];
type KindTotals = { events: number; publishSeconds: number; seconds: number; latencies: number[]; cpu: CpuSeconds };

const noCpu = (): CpuSeconds => ({ web: 0, worker: 0, postgres: 0, bench: 0 });

function addCpu(into: CpuSeconds, before: CpuSeconds, after: CpuSeconds) {
  for (const role of Object.keys(into) as (keyof CpuSeconds)[]) into[role] += after[role] - before[role];
}

type TenantPublishFigures = Record<
  Kind,
  { publishPerSecond: number; publishLatencyMs: Percentiles; deliveriesPerSecond: number; cpuMsPerDelivery: CpuSeconds }
> & { publishRatio: number; deliveriesRatio: number; spreadDeliveriesRatio: number };

/**
 * Publish throughput and latency for each Kind, in rounds whose order alternates (forwards, then
 * backwards, so a drift of the machine's speed weighs on all alike); each round runs until its deliveries arrived and the
 * engine is idle again.
 */
export async function tenantPublishBench(
  app: BenchApp,
  receiver: BenchReceiver,
  seeded: TenantWorkspace,
  { roundEvents, rounds, connections, warmup }: { roundEvents: number; rounds: number; connections: number; warmup: number },
) {
  const client = restClient(app.baseUrl, seeded.apiKey, connections);
  try {
    const arrived = (paths: string[]) => paths.reduce((sum, path) => sum + receiver.arrivals(path).size, 0);
    const pathsOf: Record<Kind, string[]> = { tenant: TENANT_PATHS, oneTenant: TENANT_PATHS, untenanted: OWN_PATHS };
    const published: Record<Kind, number> = { tenant: 0, oneTenant: 0, untenanted: 0 };

    const runRound = async (kind: Kind, count: number, totals?: KindTotals) => {
      const baseline = arrived(pathsOf[kind]);
      const latencies: number[] = [];
      let next = 0;
      const cpuBefore = cpuSeconds();
      const start = performance.now();
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (next < count) {
            const n = next++;
            const sent = performance.now();
            await publishOne(client, seeded, kind, n);
            latencies.push(performance.now() - sent);
          }
        }),
      );
      const publishSeconds = (performance.now() - start) / 1000;
      published[kind] += count;
      const expected = 2 * count;
      await receiver.waitUntil(() => arrived(pathsOf[kind]) - baseline >= expected, `${expected} ${kind} deliveries`);
      const seconds = (performance.now() - start) / 1000;
      await app.waitForEngineIdle();
      if (!totals) return;
      totals.events += count;
      totals.publishSeconds += publishSeconds;
      totals.seconds += seconds;
      totals.latencies.push(...latencies);
      addCpu(totals.cpu, cpuBefore, cpuSeconds());
    };

    // Warm-up, both kinds: the app was just started and V8 still compiles its hot paths.
    if (warmup > 0) for (const kind of KINDS) await runRound(kind, Math.ceil(warmup / KINDS.length));
    const noTotals = (): KindTotals => ({ events: 0, publishSeconds: 0, seconds: 0, latencies: [], cpu: noCpu() });
    const totals: Record<Kind, KindTotals> = { tenant: noTotals(), oneTenant: noTotals(), untenanted: noTotals() };
    for (let r = 0; r < rounds; r++) {
      const order: Kind[] = r % 2 === 0 ? KINDS : [...KINDS].reverse();
      for (const kind of order) await runRound(kind, roundEvents, totals[kind]);
      progress(`tenants: round ${r + 1} of ${rounds} done`);
    }

    // Routing held: each kind reached its own endpoints only, once per event and endpoint.
    const reached = { tenants: arrived(TENANT_PATHS), untenanted: arrived(OWN_PATHS), unsubscribed: arrived(UNSUBSCRIBED_PATHS) };
    const tenantEvents = published.tenant + published.oneTenant;
    if (reached.tenants !== 2 * tenantEvents || reached.untenanted !== 2 * published.untenanted || reached.unsubscribed !== 0) {
      throw new Error(
        `deliveries went astray: ${JSON.stringify(reached)} reached, for ${tenantEvents} tenant and ${published.untenanted} untenanted events of 2 deliveries each`,
      );
    }

    const figuresOf = (kind: Kind) => {
      const t = totals[kind];
      return {
        publishPerSecond: Math.round(t.events / t.publishSeconds),
        publishLatencyMs: percentiles(t.latencies),
        deliveriesPerSecond: Math.round((2 * t.events) / t.seconds),
        cpuMsPerDelivery: cpuMsPer(noCpu(), t.cpu, 2 * t.events),
      };
    };
    const tenant = figuresOf("tenant");
    const oneTenant = figuresOf("oneTenant");
    const untenanted = figuresOf("untenanted");
    const figures: TenantPublishFigures = {
      tenant,
      oneTenant,
      untenanted,
      publishRatio: round(oneTenant.publishPerSecond / untenanted.publishPerSecond, 3),
      deliveriesRatio: round(oneTenant.deliveriesPerSecond / untenanted.deliveriesPerSecond, 3),
      spreadDeliveriesRatio: round(tenant.deliveriesPerSecond / untenanted.deliveriesPerSecond, 3),
    };
    const describeKind = (kind: Kind) => {
      const f = figures[kind];
      return `${f.publishPerSecond} requests/s, p50 ${f.publishLatencyMs.p50} / p99 ${f.publishLatencyMs.p99} ms, end-to-end ${f.deliveriesPerSecond} deliveries/s`;
    };
    const met = (ratio: number) => (ratio >= GOAL_RATIO ? "met" : "missed");
    return {
      figures,
      summary:
        `tenants publishing: for one tenant ${describeKind("oneTenant")}; without one ${describeKind("untenanted")}; ` +
        `for a random one of all ${describeKind("tenant")}; ` +
        `one tenant/untenanted publish ${round(100 * figures.publishRatio)} %, deliveries ${round(100 * figures.deliveriesRatio)} % ` +
        `(goal ≥ ${100 * GOAL_RATIO} %: publish ${met(figures.publishRatio)}, deliveries ${met(figures.deliveriesRatio)}; ${rounds} rounds × ${roundEvents} events of each kind, alternating, ${connections} connections, ` +
        `after ${warmup} warm-up events; ${seeded.keys.length} tenants × 2 endpoints; every event 2 deliveries); ` +
        `random tenant/untenanted deliveries ${round(100 * figures.spreadDeliveriesRatio)} % (each delivery its own batch); ` +
        `random tenant ${describeCpu(tenant.cpuMsPerDelivery, "delivery")}; one tenant ${describeCpu(oneTenant.cpuMsPerDelivery, "delivery")}; ` +
        `untenanted ${describeCpu(untenanted.cpuMsPerDelivery, "delivery")}`,
    };
  } finally {
    await client.close();
  }
}

/** One publish of `kind`; a tenant event names a random existing tenant by key, and must come back with that tenant's id. */
async function publishOne(client: RestClient, seeded: TenantWorkspace, kind: Kind, n: number): Promise<void> {
  if (kind === "untenanted") {
    const { status } = await client.publish(OWN_TYPE, { n });
    if (status !== 202) throw new Error(`publishing without a tenant answered ${status}`);
    return;
  }
  const i = kind === "oneTenant" ? 0 : randomInt(seeded.keys.length);
  const { status, tenantId } = await client.publishForTenant(seeded.keys[i]!, TENANT_TYPE, { n });
  if (status !== 202) throw new Error(`publishing for tenant ${seeded.keys[i]} answered ${status}`);
  if (tenantId !== seeded.tenantId(i)) throw new Error(`publishing for tenant ${seeded.keys[i]} stored tenant ${tenantId}, not ${seeded.tenantId(i)}`);
}

/**
 * `n` deliveries, two per event (one to each of its tenant's endpoints), spread over 30 days and
 * over the tenants with SKEW. No attempts: of the queries timed, only the tenant statistics read
 * any, and they are not part of the goal.
 */
async function seedTenantHistory(seeded: TenantWorkspace, n: number) {
  const ws = seeded.workspaceId;
  const count = seeded.keys.length;
  const tag = randomBytes(3).toString("hex");
  const eventPrefix = seededId("evt", tag);
  const anchor = new Date().toISOString();
  const eventCount = Math.ceil(n / 2);
  // hashint4 spreads consecutive events over [0, 1) alike in every run.
  const tenantOf = (m: SQL) => sql`least(${count - 1}, floor(${count} * power((hashint4(${m}) + 2147483648::float8) / 4294967296, ${SKEW})))::int`;
  const createdAt = (m: SQL) => sql`${anchor}::timestamptz - ((${m})::float / ${eventCount} * interval '30 days')`;
  for (let from = 1; from <= eventCount; from += SEED_CHUNK / 2) {
    const to = Math.min(eventCount, from + SEED_CHUNK / 2 - 1);
    await db.execute(sql`
      insert into ${events} (${tenantEventColumns})
      select ${numberedSql(eventPrefix, sql`m`)}, ${ws}, ${numberedSql(seeded.tenantIdPrefix, sql`t`)}, 'type.' || (m % 10), '{}'::jsonb, ${createdAt(sql`m`)}, ${createdAt(sql`m`)}
      from generate_series(${from}::int, ${to}::int) m, lateral (select ${tenantOf(sql`m`)} as t) tenant`);
    await db.execute(sql`
      insert into ${deliveries} (${tenantDeliveryColumns})
      select ${numberedSql(seededId("dlv", tag), sql`d`)}, ${ws}, ${numberedSql(seeded.tenantIdPrefix, sql`t`)}, ${numberedSql(eventPrefix, sql`m`)},
             ${numberedSql(seeded.endpointIdPrefix, sql`2 * t + d % 2`)}, 'type.' || (m % 10),
             (case when d % 20 = 0 then 'failed' when d % 50 = 1 then 'pending' else 'succeeded' end)::delivery_status,
             1 + (d % 3), case when d % 20 = 0 then 500 else 200 end, ${createdAt(sql`m`)}, ${anchor}::timestamptz
      from generate_series(${2 * from - 1}::int, ${Math.min(n, 2 * to)}::int) d, lateral (select (d + 1) / 2 as m) event,
           lateral (select ${tenantOf(sql`m`)} as t) tenant`);
    if (to < eventCount) progress(`tenants: seeded ${2 * to} of ${n} deliveries`);
  }
  await db.execute(sql`analyze ${events}, ${deliveries}, ${deliveryRollups}`);
}

function deliveriesOf(seeded: TenantWorkspace, i: number): Promise<number> {
  return db.$count(deliveries, and(eq(deliveries.workspaceId, seeded.workspaceId), eq(deliveries.tenantId, seeded.tenantId(i))));
}

/** The cursor of the page halfway through tenant i's history, newest first; none when it has fewer than two deliveries. */
async function cursorHalfway(seeded: TenantWorkspace, i: number): Promise<string | undefined> {
  const offset = Math.floor((await deliveriesOf(seeded, i)) / 2);
  if (offset === 0) return undefined;
  const [row] = await db
    .select({ createdAt: deliveries.createdAt, id: deliveries.id })
    .from(deliveries)
    .where(and(eq(deliveries.workspaceId, seeded.workspaceId), eq(deliveries.tenantId, seeded.tenantId(i))))
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .offset(offset - 1)
    .limit(1);
  return row && encodeCursor(row);
}

const repeat = <T>(value: T, times = REPEATS): T[] => Array.from({ length: times }, () => value);
const randomTenants = (count: number) => Array.from({ length: SAMPLES }, () => randomInt(count));
// Weighted by history, as SKEW spreads it: the tenants people open most are the busy ones.
const busyTenants = (count: number) => Array.from({ length: SAMPLES }, () => Math.min(count - 1, Math.floor(count * Math.random() ** SKEW)));
const prefixOf = (text: string, min: number, max: number) => text.slice(0, randomInt(min, max + 1));

/** Seeds `n` deliveries over the tenants, then times the tenant list, search, history and summaries (and two more, see extras). */
export async function tenantHistoryBench(seeded: TenantWorkspace, n: number) {
  const seedStart = performance.now();
  await seedTenantHistory(seeded, n);
  const seedSeconds = round((performance.now() - seedStart) / 1000);
  const ws = seeded.workspaceId;
  const count = seeded.keys.length;
  const biggest = await deliveriesOf(seeded, 0);
  const median = await deliveriesOf(seeded, Math.floor(count / 2));
  progress(`tenants: seeded ${n} deliveries in ${seedSeconds} s; the biggest tenant has ${biggest}, the median one ${median}`);

  const random = randomTenants(count);
  const busy = busyTenants(count);
  const cursors = new Map<number, string | undefined>();
  for (const i of new Set([...random, ...busy, 0])) cursors.set(i, await cursorHalfway(seeded, i));
  const deep = (sampled: number[]) => sampled.filter((i) => cursors.get(i) !== undefined);
  const firstPage = (i: number) => listDeliveries(ws, { limit: PAGE, tenant: seeded.keys[i] });
  const deepPage = (i: number) => listDeliveries(ws, { limit: PAGE, tenant: seeded.keys[i], cursor: cursors.get(i) });

  const newest = (await listTenants(ws, { limit: PAGE })).data.map((tenant) => tenant.id);
  const busiest = Array.from({ length: PAGE }, (_, i) => seeded.tenantId(i));
  const queries = {
    tenantListFirstPage: await timeEach("tenant list: first page", repeat(undefined), () => listTenants(ws, { limit: PAGE })),
    searchByKeyPrefix: await timeEach("tenant search: key prefix (1–6 characters)", randomTenants(count), (i) =>
      listTenants(ws, { limit: PAGE, search: prefixOf(seeded.keys[i]!, 1, 6) }),
    ),
    searchByNamePrefix: await timeEach("tenant search: name prefix (1–12 characters)", randomTenants(count), (i) =>
      listTenants(ws, { limit: PAGE, search: prefixOf(seeded.names[i]!, 1, 12) }),
    ),
    historyFirstPageRandom: await timeEach("tenant history: first page, random tenants", random, firstPage),
    historyFirstPageBusy: await timeEach("tenant history: first page, busy tenants", busy, firstPage),
    historyFirstPageBiggest: await timeEach("tenant history: first page, biggest tenant", repeat(0), firstPage),
    historyHalfwayRandom: await timeEach("tenant history: page halfway, random tenants", deep(random), deepPage),
    historyHalfwayBusy: await timeEach("tenant history: page halfway, busy tenants", deep(busy), deepPage),
    historyHalfwayBiggest: await timeEach("tenant history: page halfway, biggest tenant", repeat(0), deepPage),
    summariesFirstPage: await timeEach("tenant summaries: first page of the list", repeat(newest), (ids) => tenantSummaries(ws, ids)),
    summariesBusiest: await timeEach(`tenant summaries: the ${PAGE} busiest tenants`, repeat(busiest), (ids) => tenantSummaries(ws, ids)),
  };
  const since24h = new Date(Date.now() - 86_400_000).toISOString();
  // Beyond the goal's list: a tenant page's health chart (its delivery half: no attempts are
  // seeded), and the dashboard's count of hosts, which now spans every tenant's endpoints.
  const extras = {
    tenantStats24h: await timeEach("tenant statistics: 24 h, busy tenants", busy, (i) => deliveryStats(ws, { from: since24h, tenant: seeded.keys[i] })),
    dashboardTargetHosts: await timeEach(`dashboard target hosts (${2 * count + 4} endpoints)`, repeat(undefined), () => targetHosts(ws)),
  };

  const worst = (...timings: QueryTiming[]) => Math.max(...timings.map((timing) => timing.p95));
  const worstOfAll = worst(...Object.values(queries));
  return {
    queries: { ...queries, ...extras },
    biggestTenantDeliveries: biggest,
    medianTenantDeliveries: median,
    summary:
      `tenants at ${n} deliveries (${count} tenants; the biggest has ${biggest}, the median ${median}): p95 tenant list ${queries.tenantListFirstPage.p95} ms, ` +
      `search by key ${queries.searchByKeyPrefix.p95} / name ${queries.searchByNamePrefix.p95} ms, ` +
      `history first page ≤ ${worst(queries.historyFirstPageRandom, queries.historyFirstPageBusy, queries.historyFirstPageBiggest)} ms, ` +
      `page halfway ≤ ${worst(queries.historyHalfwayRandom, queries.historyHalfwayBusy, queries.historyHalfwayBiggest)} ms ` +
      `(biggest tenant ${queries.historyHalfwayBiggest.p95} ms), summaries ≤ ${worst(queries.summariesFirstPage, queries.summariesBusiest)} ms; ` +
      `worst p95 ${worstOfAll} ms (goal ≤ ${GOAL_P95_MS} ms: ${worstOfAll <= GOAL_P95_MS ? "met" : "missed"}); ` +
      `also tenant statistics 24 h p95 ${extras.tenantStats24h.p95} ms, dashboard target hosts p95 ${extras.dashboardTargetHosts.p95} ms (seeded in ${seedSeconds} s)`,
  };
}
