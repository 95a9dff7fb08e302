// GET /metrics through its real handler, read with a Prometheus text-format parser: the series
// move as the embedded engine delivers to a loopback receiver, none is labelled by endpoint,
// tenant or workspace, and the endpoint answers only the token's holder, or only this machine.
import { eq, sql } from "drizzle-orm";
import type * as pageStaticInfo from "next/dist/build/analysis/get-page-static-info";
import * as staticInfo from "next/dist/build/analysis/get-page-static-info";
import { getMiddlewareRouteMatcher } from "next/dist/shared/lib/router/utils/middleware-route-matcher";
import parsePrometheusTextFormat, { type MetricFamily } from "parse-prometheus-text-format";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as getEndpoint } from "@/app/api/v1/endpoints/[id]/route";
import { GET as metricsRoute } from "@/app/metrics/route";
import { db } from "@/db";
import { histogramColumns } from "@/db/latency-histogram";
import { attemptRollups, deliveries, deliveryRollups, endpoints, events } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { stampSocketAddress } from "@/lib/auth/client-address";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import type { Executor } from "@/lib/engine/executor";
import { publishEvent } from "@/lib/events/publish";
import { latencyBucketBounds } from "@/lib/metrics/database-series";
import { config as proxyConfig } from "@/proxy";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { startReceiver } from "@/test/receiver";
import { startTernExecutor } from "@/test/tern-engine";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";

const system = { type: "system", id: null } as const;
let executor: Executor;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  executor = await startTernExecutor();
  receiver = await startReceiver((request, response) => {
    response.statusCode = request.path.startsWith("/fail") ? 500 : 200;
    response.end();
  });
});
afterAll(async () => {
  await executor.stop();
  await receiver.close();
});
afterEach(() => {
  delete process.env.TERN_METRICS_TOKEN;
});

/** A request as the web server hands it on after stamping the socket it came from. */
function requestFrom(socket: string | undefined, headers: Record<string, string> = {}): Request {
  const stamped: Record<string, string | string[] | undefined> = { ...headers };
  stampSocketAddress(stamped, socket);
  return new Request("http://localhost/metrics", { headers: stamped as Record<string, string> });
}

async function scrape(): Promise<MetricFamily[]> {
  const response = await metricsRoute(requestFrom("127.0.0.1"));
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusTextFormat(await response.text());
}

function family(families: MetricFamily[], name: string): MetricFamily {
  const found = families.find((f) => f.name === name);
  if (!found) throw new Error(`/metrics has no ${name}`);
  return found;
}

function value(families: MetricFamily[], name: string, labels: Record<string, string> = {}): number {
  const sample = family(families, name).metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return Number(sample?.value ?? 0);
}

const histogramCount = (families: MetricFamily[]) => Number(family(families, "tern_attempt_duration_seconds").metrics[0]?.count ?? 0);

describe("GET /metrics", () => {
  it("moves the delivery, attempt, latency, queue, engine and API series as deliveries happen", async () => {
    const before = await scrape();

    const { workspace } = await createOwnedWorkspace();
    const ok = await createEndpoint(workspace.id, createEndpointInput.parse({ url: receiver.url("/ok"), eventTypes: ["ok.*"] }), system);
    await createEndpoint(workspace.id, createEndpointInput.parse({ url: receiver.url("/fail"), eventTypes: ["fail.*"] }), system);
    for (let i = 0; i < 3; i++) await publishEvent(workspace.id, { type: "ok.happened", data: { i } });
    for (let i = 0; i < 2; i++) await publishEvent(workspace.id, { type: "fail.happened", data: { i } });
    await eventually(async () => {
      const rows = await db.select({ status: deliveries.status }).from(deliveries).where(eq(deliveries.workspaceId, workspace.id));
      const count = (status: string) => rows.filter((row) => row.status === status).length;
      return count("succeeded") === 3 && count("retrying") === 2;
    }, "3 deliveries succeeded and 2 retrying");
    // One retrying delivery overdue by two minutes: due now, and the oldest due.
    await db.execute(sql`update ${deliveries} set ${sql.identifier(deliveries.nextAttemptAt.name)} = now() - interval '2 minutes'
      where ${deliveries.id} = (select ${deliveries.id} from ${deliveries} where ${deliveries.workspaceId} = ${workspace.id} and ${deliveries.status} = 'retrying' limit 1)`);

    const { key } = await createApiKey(workspace.id, { name: "metrics", scopes: [] }, system);
    const get = (id: string) =>
      getEndpoint(new Request(`http://localhost/api/v1/endpoints/${id}`, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({ id }) });
    expect((await get(ok.id)).status).toBe(200);
    expect((await get("ep_01hzzzzzzzzzzzzzzzzzzzzzzz")).status).toBe(404);

    const after = await scrape();
    const grew = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels);
    expect(grew("tern_deliveries", { status: "succeeded" })).toBe(3);
    expect(grew("tern_deliveries", { status: "retrying" })).toBe(2);
    expect(grew("tern_attempts_total", { status_class: "2xx" })).toBe(3);
    const failedAttempts = grew("tern_attempts_total", { status_class: "5xx" });
    expect(failedAttempts).toBeGreaterThanOrEqual(2);
    expect(histogramCount(after) - histogramCount(before)).toBe(3 + failedAttempts);
    expect(value(after, "tern_queue_depth")).toBeGreaterThanOrEqual(1);
    expect(value(after, "tern_oldest_due_delivery_age_seconds")).toBeGreaterThanOrEqual(119);
    expect(grew("tern_engine_runs_finished_total", { status: "completed" })).toBeGreaterThan(0);
    expect(family(after, "tern_engine_runs").metrics.map((m) => m.labels?.status)).toEqual(["queued", "running"]);
    expect(value(after, "tern_api_requests_total", { method: "GET", route: "/api/v1/endpoints/{id}", status: "200" })).toBe(1);
    expect(value(after, "tern_api_requests_total", { method: "GET", route: "/api/v1/endpoints/{id}", status: "404" })).toBe(1);
    expect(family(after, "process_cpu_user_seconds_total").type).toBe("COUNTER");

    // The histogram's buckets are the rollups' own bounds, cumulative, ending at +Inf.
    const buckets = family(after, "tern_attempt_duration_seconds").metrics[0]!.buckets!;
    expect(Object.keys(buckets)).toEqual([...latencyBucketBounds.map(String), "+Inf"]);
    const counts = Object.values(buckets).map(Number);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBe(histogramCount(after));

    for (const { name, metrics } of after) {
      for (const sample of metrics) {
        for (const label of Object.keys(sample.labels ?? {})) expect(label, name).not.toMatch(/endpoint|tenant|workspace/i);
      }
    }
  }, 60_000);

  it("answers only this machine without a token, and only the token's holder with one", async () => {
    expect((await metricsRoute(requestFrom("203.0.113.9"))).status).toBe(403);
    expect((await metricsRoute(requestFrom(undefined))).status).toBe(403);
    expect((await metricsRoute(requestFrom("127.0.0.1", { "x-forwarded-for": "203.0.113.9" }))).status).toBe(403);
    expect((await metricsRoute(requestFrom("::1"))).status).toBe(200);

    const token = "metrics-token-0123456789abcdef";
    process.env.TERN_METRICS_TOKEN = token;
    const unauthorized = await metricsRoute(requestFrom("127.0.0.1"));
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get("www-authenticate")).toBe("Bearer");
    expect((await metricsRoute(requestFrom("203.0.113.9", { authorization: `Bearer ${token}x` }))).status).toBe(401);
    expect((await metricsRoute(requestFrom("203.0.113.9", { authorization: `Bearer ${token.slice(0, -1)}` }))).status).toBe(401);
    const allowed = await metricsRoute(requestFrom("203.0.113.9", { authorization: `Bearer ${token}` }));
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain("# TYPE tern_queue_depth gauge");
  });

  it("gets no page security policy from the proxy", () => {
    const { getMiddlewareMatchers } = staticInfo as unknown as {
      getMiddlewareMatchers: (matcher: typeof proxyConfig.matcher, nextConfig: object) => pageStaticInfo.ProxyMatcher[];
    };
    const matches = getMiddlewareRouteMatcher(getMiddlewareMatchers(proxyConfig.matcher, {}));
    const matched = (path: string) => matches(path, { headers: {} } as never, {});
    expect(matched("/metrics")).toBe(false);
    expect(matched("/metrics-dashboard")).toBe(true);
    expect(matched("/dashboard")).toBe(true);
  });

  it("reads a large history in a bounded time", async () => {
    const { workspace } = await createOwnedWorkspace();
    const endpoint = await createEndpoint(workspace.id, createEndpointInput.parse({ url: receiver.url("/ok"), eventTypes: ["seed.*"] }), system);
    await db.execute(sql`insert into ${events} (id, workspace_id, type, data)
      select 'evt_seed' || lpad(n::text, 18, '0'), ${workspace.id}, 'seed.done', '{}'::jsonb from generate_series(1, 50000) n`);
    await db.execute(sql`insert into ${deliveries} (id, workspace_id, event_id, endpoint_id, event_type, status, attempt_count)
      select 'dlv_seed' || lpad(n::text, 18, '0'), ${workspace.id}, 'evt_seed' || lpad(n::text, 18, '0'), ${endpoint.id}, 'seed.done',
        (array['succeeded','failed','retrying'])[1 + n % 3]::delivery_status, 1
      from generate_series(1, 50000) n`);
    // A month of hourly rollups for 200 endpoints (the triggers wrote the seeded deliveries' own).
    await db.execute(sql`insert into ${deliveryRollups} (workspace_id, hour, endpoint_id, succeeded, total, shard)
      select ${workspace.id}, date_trunc('hour', now()) - make_interval(hours => h), 'ep_seed' || e, 5, 5, 1
      from generate_series(1, 720) h, generate_series(1, 200) e`);
    await db.execute(sql`insert into ${attemptRollups} (workspace_id, hour, endpoint_id, status, count, min_ms, max_ms, ${sql.raw(histogramColumns[20]!)}, shard)
      select ${workspace.id}, date_trunc('hour', now()) - make_interval(hours => h), 'ep_seed' || e, 200, 5, 40, 40, 5, 1
      from generate_series(1, 720) h, generate_series(1, 200) e`);
    await db.execute(sql`analyze`);
    expect(await db.$count(endpoints)).toBeGreaterThan(0);

    // A server's first scrape sums the older hours too (unless an earlier test's did); later ones reuse that sum for minutes.
    const first = performance.now();
    await scrape();
    const firstMs = performance.now() - first;
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await scrape();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.info(
      `/metrics over 50,000 deliveries and 144,000 rollup rows of each kind: first ${firstMs.toFixed(1)} ms, then median ${times[2]!.toFixed(1)} ms`,
    );
    expect(firstMs).toBeLessThan(2_000);
    expect(times[2]).toBeLessThan(500);
  }, 60_000);
});
