import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { createEndpoint, listEndpoints } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import type { Executor } from "@/lib/engine/executor";
import { publishEvent } from "@/lib/events/publish";
import { deliveryStats } from "@/lib/stats/stats";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { startReceiver } from "@/test/receiver";
import { startTernExecutor } from "@/test/tern-engine";
import { endpointHealth, type HealthFacts, healthState } from "./endpoint-health";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
// Retries every 0.3 s, long enough to stay retrying while the test looks.
process.env.TERN_RETRY_SCHEDULE = Array(30).fill("0.3").join(",");

const system = { type: "system", id: null } as const;
const MINUTE = 60_000;

describe("healthState", () => {
  const now = new Date("2026-01-01T12:00:00Z");
  const facts = (overrides: Partial<HealthFacts>): HealthFacts => ({
    failedInARow: 0,
    recentAttempts: 10,
    recentFailed: 0,
    lastAttemptAt: new Date(now.getTime() - MINUTE),
    lastError: null,
    ...overrides,
  });

  it("is failing once the last three attempts failed, naming the run and its cause", () => {
    expect(healthState(facts({ failedInARow: 2, recentAttempts: 100, recentFailed: 2 }), now).state).toBe("healthy");
    expect(healthState(facts({ failedInARow: 3, recentAttempts: 3, recentFailed: 3, lastError: "Endpoint answered HTTP 500" }), now)).toEqual({
      state: "failing",
      reason: "Last 3 attempts failed: HTTP 500",
    });
    // However long ago: an endpoint that stopped getting attempts while failing has not recovered.
    expect(healthState(facts({ failedInARow: 5, lastAttemptAt: new Date(now.getTime() - 3 * 86_400_000), lastError: "Timed out" }), now)).toEqual({
      state: "failing",
      reason: "Last 5 attempts failed: Timed out",
    });
  });

  it("is healthy after a success when the last 15 minutes went well", () => {
    expect(healthState(facts({ failedInARow: 0, recentAttempts: 1, recentFailed: 0 }), now).state).toBe("healthy");
  });

  it("is degraded from a 10 % error rate over the last 15 minutes", () => {
    expect(healthState(facts({ recentAttempts: 10, recentFailed: 1 }), now)).toEqual({
      state: "degraded",
      reason: "1 of 10 attempts failed in the last 15 minutes",
    });
    expect(healthState(facts({ recentAttempts: 11, recentFailed: 1 }), now).state).toBe("healthy");
  });

  it("is idle without an attempt in 24 hours", () => {
    expect(healthState(facts({ lastAttemptAt: null, recentAttempts: 0 }), now).state).toBe("idle");
    expect(healthState(facts({ lastAttemptAt: new Date(now.getTime() - 25 * 3_600_000), recentAttempts: 0 }), now).state).toBe("idle");
  });
});

describe("endpointHealth", () => {
  /** Attempts of the endpoint, `ago` before now, failed ones answering 500. */
  async function attemptsAt(workspaceId: string, endpointId: string, rows: { ago: number; ok: boolean }[]) {
    await db.execute(sql`
      insert into attempts (id, workspace_id, endpoint_id, event_id, number, trigger, request_headers, response_status, error, duration_ms, created_at)
      select 'att_' || md5(random()::text), ${workspaceId}, ${endpointId}, 'evt_x', 1, 'scheduled', '{}'::jsonb,
             case when ok then 200 else 500 end, case when ok then null else 'Endpoint answered HTTP 500' end, 20, now() - make_interval(secs => ago / 1000.0)
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(ago float8, ok boolean)`);
  }

  it("reads the state of each endpoint asked for, and only the workspace's", async () => {
    const { workspace } = await createOwnedWorkspace();
    const { workspace: other } = await createOwnedWorkspace();
    const make = async (workspaceId: string, path: string) =>
      (await createEndpoint(workspaceId, createEndpointInput.parse({ url: `https://example.com/${path}`, eventTypes: ["*"] }), system)).id;
    const [failing, degraded, healthy, idle, never, elsewhere] = [
      await make(workspace.id, "failing"),
      await make(workspace.id, "degraded"),
      await make(workspace.id, "healthy"),
      await make(workspace.id, "idle"),
      await make(workspace.id, "never"),
      await make(other.id, "elsewhere"),
    ];
    await attemptsAt(workspace.id, failing, [{ ago: 3 * 3_600_000, ok: true }, ...Array.from({ length: 5 }, (_, i) => ({ ago: (5 - i) * MINUTE, ok: false }))]);
    await db.execute(sql`update endpoints set failed_attempts_since_success = 5 where id = ${failing}`);
    await attemptsAt(workspace.id, degraded, [...Array.from({ length: 9 }, () => ({ ago: MINUTE, ok: true })), { ago: 2 * MINUTE, ok: false }]);
    await attemptsAt(workspace.id, healthy, [...Array.from({ length: 19 }, () => ({ ago: MINUTE, ok: true })), { ago: 20 * MINUTE, ok: false }]);
    await attemptsAt(workspace.id, idle, [{ ago: 30 * 3_600_000, ok: true }]);
    await attemptsAt(other.id, elsewhere, [{ ago: MINUTE, ok: true }]);

    const health = await endpointHealth(workspace.id, [failing, degraded, healthy, idle, never, elsewhere]);
    expect(Object.fromEntries([...health].map(([id, h]) => [id, h.state]))).toEqual({
      [failing]: "failing",
      [degraded]: "degraded",
      [healthy]: "healthy",
      [idle]: "idle",
      [never]: "idle",
    });
    expect(health.get(failing)).toMatchObject({ reason: "Last 5 attempts failed: HTTP 500", attempts: 6, succeeded: 1 });
    expect(health.get(failing)!.hourly.reduce((sum, n) => sum + n, 0)).toBe(6);
    expect(health.get(healthy)).toMatchObject({ attempts: 20, succeeded: 19 });
    // The 30-hour-old attempt is outside the day the rollups are read for.
    expect(health.get(idle)).toMatchObject({ attempts: 0, lastAttemptAt: expect.any(String) });
    expect(health.get(never)).toMatchObject({ attempts: 0, lastAttemptAt: null });
    expect(await endpointHealth(workspace.id, [])).toEqual(new Map());

    // The list's failing filter applies the same rule, within the workspace.
    await db.execute(sql`update endpoints set failed_attempts_since_success = 7 where id = ${elsewhere}`);
    await db.execute(sql`update endpoints set failed_attempts_since_success = 2 where id = ${healthy}`);
    const listed = await listEndpoints(workspace.id, { limit: 50, failing: true }, "redacted");
    expect(listed.data.map((endpoint) => endpoint.id)).toEqual([failing]);
  });
});

describe("a receiver that always answers 500", () => {
  let executor: Executor;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    executor = await startTernExecutor();
    receiver = await startReceiver((_request, response) => {
      response.statusCode = 500;
      response.end("down");
    });
  });
  afterAll(async () => {
    await executor.stop();
    await receiver.close();
  });

  it("makes its endpoint failing within seconds and its deliveries retrying, at 0 % attempt success; a success after it recovers ends the failing", async () => {
    const { workspace } = await createOwnedWorkspace();
    const endpoint = await createEndpoint(workspace.id, createEndpointInput.parse({ url: receiver.url("/down"), eventTypes: ["*"] }), system);
    const started = Date.now();
    await publishEvent(workspace.id, { type: "order.created", data: { n: 1 } });
    await publishEvent(workspace.id, { type: "order.created", data: { n: 2 } });

    const failing = await eventually(async () => {
      const health = (await endpointHealth(workspace.id, [endpoint.id])).get(endpoint.id);
      return health?.state === "failing" ? health : undefined;
    }, "the endpoint failing");
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(failing.reason).toMatch(/^Last \d+ attempts failed: HTTP 500$/);
    const stats = await eventually(async () => {
      const measured = await deliveryStats(workspace.id, {});
      return measured.retryingNow === 2 && measured.totals.retrying === 2 ? measured : undefined;
    }, "both deliveries retrying");
    expect(stats.attempts.total).toBeGreaterThanOrEqual(3);
    expect(stats.attempts.successRate).toBe(0);
    expect(stats.failingEndpoints).toBe(1);
    expect(stats.successRate).toBeNull();

    receiver.setResponder((_request, response) => response.end("ok"));
    const recovered = await eventually(async () => {
      const health = (await endpointHealth(workspace.id, [endpoint.id])).get(endpoint.id);
      return health && health.state !== "failing" ? health : undefined;
    }, "the endpoint no longer failing");
    // Right after the outage most of the last 15 minutes' attempts failed; once they age out of that window it is healthy.
    expect(recovered.state).toBe("degraded");
    const later = (await endpointHealth(workspace.id, [endpoint.id], new Date(Date.now() + 16 * MINUTE))).get(endpoint.id);
    expect(later?.state).toBe("healthy");
    const after = await eventually(async () => {
      const measured = await deliveryStats(workspace.id, {});
      // The figures are read by parallel queries, each its own snapshot: wait until all show the last commit.
      return measured.retryingNow === 0 && measured.totals.succeeded === 2 && measured.attempts.succeeded === 2 ? measured : undefined;
    }, "both deliveries and their last attempts succeeded");
    expect(after.failingEndpoints).toBe(0);
    expect(after.attempts.successRate).toBeLessThan(1);
  }, 60_000);
});
