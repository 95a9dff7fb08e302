// The embedded executor against the real SDK serve handler: a small app of test functions
// exercising every protocol feature the executor implements.
import { eq, inArray, sql } from "drizzle-orm";
import { Inngest, NonRetriableError } from "inngest";
import { serve } from "inngest/next";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { engineCron, engineRuns } from "@/db/engine-schema";
import { EMBEDDED_ENGINE_ORIGIN, embeddedEngineFetch } from "@/lib/engine/client-fetch";
import { Executor } from "@/lib/engine/executor";
import { UnsupportedFunctionError } from "@/lib/engine/functions";
import { ingestEvents } from "@/lib/engine/ingest";
import { handlerTransport } from "@/lib/engine/protocol";
import { eventually } from "@/test/eventually";

process.env.TERN_ENGINE_RETRY_BASE_MS = "20";
const signingKey = process.env.TERN_ENGINE_SIGNING_KEY!;
const clientOptions = {
  id: "engine-test",
  checkpointing: false,
  isDev: false,
  signingKey,
  eventKey: "test",
  baseUrl: EMBEDDED_ENGINE_ORIGIN,
  fetch: embeddedEngineFetch,
  logger: { info() {}, warn() {}, error() {}, debug() {} },
};
const client = new Inngest(clientOptions);

const seen = { flakyCalls: 0, failures: [] as string[], inFlight: new Map<string, number>(), maxInFlight: new Map<string, number>() };
let releaseGate: () => void = () => {};
const gate = new Promise<void>((resolve) => (releaseGate = resolve));
let releaseBatchGate: () => void = () => {};
const batchGate = new Promise<void>((resolve) => (releaseBatchGate = resolve));

const functions = [
  client.createFunction({ id: "parallel", triggers: [{ event: "test/parallel" }] }, async ({ step }) => {
    const [x, y] = await Promise.all([step.run("x", () => "X"), step.run("y", () => "Y")]);
    const z = await step.run("z", () => `${x}${y}`);
    return { x, y, z };
  }),
  client.createFunction({ id: "sleeper", triggers: [{ event: "test/sleep" }] }, async ({ step }) => {
    const before = await step.run("before", () => Date.now());
    await step.sleep("nap", "1s");
    const after = await step.run("after", () => Date.now());
    return { sleptMs: after - before };
  }),
  client.createFunction({ id: "flaky", retries: 3, triggers: [{ event: "test/flaky" }] }, async ({ step, attempt }) => {
    return step.run("flaky step", () => {
      seen.flakyCalls++;
      if (seen.flakyCalls < 3) throw new Error(`flaky ${seen.flakyCalls}`);
      return { succeededOnAttempt: attempt };
    });
  }),
  client.createFunction(
    {
      id: "doomed",
      retries: 3,
      triggers: [{ event: "test/doomed" }],
      onFailure: async ({ error, event }) => {
        seen.failures.push(`${event.data.event.data.label}: ${error.message}`);
      },
    },
    async ({ step }) => {
      await step.run("refuse", () => {
        throw new NonRetriableError("cannot ever work");
      });
    },
  ),
  client.createFunction({ id: "limited", triggers: [{ event: "test/limited" }], concurrency: { key: "event.data.key", limit: 2 } }, async ({ event, step }) => {
    await step.run("hold", async () => {
      const key = event.data.key as string;
      const now = (seen.inFlight.get(key) ?? 0) + 1;
      seen.inFlight.set(key, now);
      seen.maxInFlight.set(key, Math.max(seen.maxInFlight.get(key) ?? 0, now));
      if (key === "slow") await gate;
      seen.inFlight.set(key, (seen.inFlight.get(key) ?? 1) - 1);
    });
  }),
  client.createFunction(
    {
      id: "batcher",
      triggers: [{ event: "test/batch" }],
      batchEvents: { maxSize: 3, timeout: "5s", key: "event.data.group" },
      concurrency: { key: "event.data.group", limit: 1 },
    },
    async ({ events, step }) => {
      return step.run("take", async () => {
        if (events.some((e) => e.data.hold)) await batchGate;
        return events.map((e) => `${e.data.group}${e.data.n}`);
      });
    },
  ),
  client.createFunction({ id: "once", idempotency: "event.data.orderId", triggers: [{ event: "test/once" }] }, async () => "done"),
  client.createFunction(
    {
      id: "keyed-batcher",
      idempotency: "event.data.orderId",
      triggers: [{ event: "test/keyed-batch" }],
      batchEvents: { maxSize: 3, timeout: "5s" },
      concurrency: { limit: 1 },
    },
    async ({ events }) => events.map((e) => e.data.orderId as string),
  ),
  client.createFunction({ id: "relay", triggers: [{ event: "test/relay" }] }, async ({ step, event }) => {
    await step.sendEvent("forward", { name: "test/once", data: { orderId: event.data.orderId } });
  }),
  client.createFunction({ id: "ticker", triggers: [{ cron: "0 0 1 1 *" }] }, async ({ event }) => ({ cron: (event.data as { cron?: string }).cron })),
];

const handler = serve({ client, functions, enableUnauthedSync: false });
const executors: Executor[] = [];

function newExecutor(app = handler, maxInFlight?: number) {
  const executor = new Executor({
    transport: handlerTransport(app),
    serveUrl: "http://localhost/api/inngest",
    signingKey,
    pollMs: 100,
    leaseMs: 5_000,
    maxInFlight,
    log: process.env.DEBUG_ENGINE ? console.error : () => {},
  });
  executors.push(executor);
  return executor;
}

async function runsOf(functionId: string) {
  return db
    .select()
    .from(engineRuns)
    .where(eq(engineRuns.functionId, `engine-test-${functionId}`));
}

async function finishedRun(functionId: string) {
  return eventually(async () => {
    const [run] = await runsOf(functionId);
    return run && (run.status === "completed" || run.status === "failed") ? run : undefined;
  }, `a finished ${functionId} run`);
}

beforeAll(async () => {
  // Two executors on one database, as two app instances would run.
  await newExecutor().start();
  await newExecutor().start();
});
afterAll(async () => {
  releaseGate();
  releaseBatchGate();
  await Promise.all(executors.map((e) => e.stop()));
});

describe("embedded executor", () => {
  it("runs parallel steps and memoizes every result", async () => {
    await ingestEvents([{ name: "test/parallel" }]);
    const run = await finishedRun("parallel");
    expect(run).toMatchObject({ status: "completed", output: { x: "X", y: "Y", z: "XY" } });
    expect(run.stack).toHaveLength(3);
  });

  it("sleeps durably between steps", async () => {
    await ingestEvents([{ name: "test/sleep" }]);
    const run = await finishedRun("sleeper");
    expect(run.status).toBe("completed");
    expect((run.output as { sleptMs: number }).sleptMs).toBeGreaterThanOrEqual(1000);
  });

  it("retries a failing step with backoff until it succeeds", async () => {
    await ingestEvents([{ name: "test/flaky" }]);
    const run = await finishedRun("flaky");
    expect(run).toMatchObject({ status: "completed", output: { succeededOnAttempt: 2 } });
    expect(seen.flakyCalls).toBe(3);
  });

  it("fails at once on NonRetriableError and runs onFailure", async () => {
    await ingestEvents([{ name: "test/doomed", data: { label: "order 7" } }]);
    const run = await finishedRun("doomed");
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({ message: "cannot ever work" });
    await eventually(() => seen.failures.length === 1, "the onFailure handler");
    expect(seen.failures).toEqual(["order 7: cannot ever work"]);
    const [failureRun] = await runsOf("doomed-failure");
    await eventually(async () => (await runsOf("doomed-failure"))[0]?.status === "completed", "the failure run to complete");
    expect(failureRun?.event.name).toBe("inngest/function.failed");
  });

  it("never runs more than the limit per concurrency key, across executors", async () => {
    await ingestEvents([
      ...Array.from({ length: 6 }, () => ({ name: "test/limited", data: { key: "slow" } })),
      ...Array.from({ length: 4 }, () => ({ name: "test/limited", data: { key: "fast" } })),
    ]);
    // While "slow" is stuck at its limit, "fast" still gets through.
    await eventually(async () => (await runsOf("limited")).filter((r) => r.status === "completed").length === 4, "the fast runs");
    expect(seen.inFlight.get("slow")).toBe(2);
    releaseGate();
    await eventually(async () => (await runsOf("limited")).every((r) => r.status === "completed"), "every limited run");
    expect(seen.maxInFlight.get("slow")).toBe(2);
    expect(seen.maxInFlight.get("fast")).toBeLessThanOrEqual(2);
  });

  /** An app of its own whose one function records the key of each run it serves, claimed by one executor with a single slot. */
  async function turnTaker(appId: string) {
    const turns = new Inngest({ ...clientOptions, id: appId });
    const served: string[] = [];
    const fn = turns.createFunction(
      { id: "turn-taker", triggers: [{ event: `test/${appId}` }], concurrency: { key: "event.data.key", limit: 1 } },
      async ({ event }) => {
        served.push(event.data.key as string);
      },
    );
    const executor = newExecutor(serve({ client: turns, functions: [fn] }), 1);
    await executor.sync();
    // Key by key, so each key's runs are older than the next key's.
    const queue = async (runsPerKey: Record<string, number>) => {
      for (const [key, count] of Object.entries(runsPerKey)) {
        await ingestEvents(Array.from({ length: count }, () => ({ name: `test/${appId}`, data: { key } })));
      }
    };
    return { executor, served, queue, functionId: `${appId}-turn-taker` };
  }

  it("serves the keys in turns when more of them wait than it has free slots", async () => {
    const { executor, served, queue } = await turnTaker("engine-turns");
    await queue({ k0: 3, k1: 3, k2: 3 });
    await executor.start();
    await eventually(async () => served.length === 9, "nine runs");
    // Oldest first would have served k0's three first.
    expect(served).toEqual(["k0", "k1", "k2", "k0", "k1", "k2", "k0", "k1", "k2"]);
  });

  it("walks past the keys other instances hold at their limit, wrapping around to the first key", async () => {
    const { executor, served, queue, functionId } = await turnTaker("engine-busy-turns");
    const busyKeys = ["k2", "k3", "k4"];
    await queue({ k0: 2, k1: 2, k2: 1, k3: 1, k4: 1 });
    // Other instances are running one run each of k2, k3 and k4: more busy keys than the claim has spare.
    await db.insert(engineRuns).values(
      busyKeys.map((key) => ({
        id: `run-elsewhere-${key}`,
        functionId,
        event: { id: `evt-elsewhere-${key}`, name: "test/engine-busy-turns", data: { key }, ts: Date.now() },
        status: "running" as const,
        concurrencyKey: `${functionId}:${key}`,
        concurrencyLimit: 1,
        leaseOwner: "elsewhere",
        leaseExpiresAt: new Date(Date.now() + 60_000),
      })),
    );
    await executor.start();
    await eventually(async () => served.length === 4, "the runs of k0 and k1");
    // After k1 the walk passes the three busy keys and wraps around to k0.
    expect(served).toEqual(["k0", "k1", "k0", "k1"]);
    const elsewhere = busyKeys.map((key) => `run-elsewhere-${key}`);
    await db.delete(engineRuns).where(inArray(engineRuns.id, elsewhere));
    await eventually(async () => served.length === 7, "the busy keys' runs once their slots are free");
    expect(served.slice(4)).toEqual(busyKeys);
  });

  it("takes queued events with the same batch key into one run of at most maxSize", async () => {
    await ingestEvents([{ name: "test/batch", data: { group: "a", n: 0, hold: true } }]);
    await eventually(async () => (await runsOf("batcher")).some((r) => r.status === "running"), "the held batch to start");
    // While group a's only slot is busy, its events wait and gather; group b's do not wait.
    await ingestEvents(Array.from({ length: 7 }, (_, i) => ({ name: "test/batch", data: { group: "a", n: i + 1 } })));
    await ingestEvents(Array.from({ length: 2 }, (_, i) => ({ name: "test/batch", data: { group: "b", n: i + 1 } })));
    await eventually(async () => (await runsOf("batcher")).filter((r) => r.output && (r.output as string[])[0]?.startsWith("b")).length > 0, "group b");
    releaseBatchGate();
    await eventually(async () => (await runsOf("batcher")).every((r) => r.status === "completed"), "every batch");

    const runs = await runsOf("batcher");
    const batches = runs.filter((r) => r.status === "completed").map((r) => r.output as string[]);
    expect(batches.every((batch) => batch.length >= 1 && batch.length <= 3 && new Set(batch.map((x) => x[0])).size === 1)).toBe(true);
    expect(batches.flat().sort()).toEqual(["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "b1", "b2"]);
    expect(
      batches
        .filter((batch) => batch[0]!.startsWith("a"))
        .map((batch) => batch.length)
        .sort(),
    ).toEqual([1, 1, 3, 3]);
    // A run taken into a batch is gone: its event is the batch run's.
    expect(runs.flatMap((r) => (r.events ?? [r.event]).map((e) => e.id))).toHaveLength(10);
  });

  it("keeps a run taken into a batch while its idempotency key lasts, naming the batch", async () => {
    await ingestEvents(["k-1", "k-2", "k-3"].map((orderId) => ({ name: "test/keyed-batch", data: { orderId } })));
    await eventually(async () => (await runsOf("keyed-batcher")).every((r) => r.status !== "queued" && r.status !== "running"), "the batch");
    const runs = await runsOf("keyed-batcher");
    const [batch, ...others] = runs.filter((r) => r.status === "completed");
    expect(others).toEqual([]);
    expect((batch!.output as string[]).sort()).toEqual(["k-1", "k-2", "k-3"]);
    const taken = runs.filter((r) => r.status === "batched");
    expect(taken.map((r) => r.output)).toEqual([{ batch: batch!.id }, { batch: batch!.id }]);
    expect(batch!.events!.map((e) => e.id)).toEqual(expect.arrayContaining(taken.map((r) => r.event.id)));
    // A repeated key starts nothing, whichever run holds it.
    await ingestEvents([
      { name: "test/keyed-batch", data: { orderId: "k-2" } },
      { name: "test/keyed-batch", data: { orderId: "k-3" } },
    ]);
    expect(await runsOf("keyed-batcher")).toHaveLength(runs.length);
  });

  it("starts one run per idempotency key, also for events sent from a step", async () => {
    await ingestEvents([
      { name: "test/once", data: { orderId: "o-1" } },
      { name: "test/once", data: { orderId: "o-1" } },
      { name: "test/relay", data: { orderId: "o-1" } },
      { name: "test/relay", data: { orderId: "o-2" } },
    ]);
    await eventually(async () => (await runsOf("relay")).every((r) => r.status === "completed") && (await runsOf("relay")).length === 2, "the relays");
    const runs = await runsOf("once");
    expect(runs.map((r) => (r.event.data as { orderId: string }).orderId).sort()).toEqual(["o-1", "o-2"]);
  });

  it("ignores an event id it has already seen", async () => {
    const [first] = await ingestEvents([{ id: "evt-dup-1", name: "test/parallel" }]);
    const [second] = await ingestEvents([{ id: "evt-dup-1", name: "test/parallel" }]);
    expect(first).toBe(second);
    const runs = (await runsOf("parallel")).filter((r) => r.event.id === "evt-dup-1");
    expect(runs).toHaveLength(1);
  });

  it("fires a due cron tick exactly once, with the scheduled event", async () => {
    await db.update(engineCron).set({ nextAt: sql`now() - interval '1 second'` }).where(eq(engineCron.functionId, "engine-test-ticker"));
    const run = await finishedRun("ticker");
    expect(run).toMatchObject({ status: "completed", output: { cron: "0 0 1 1 *" } });
    expect(run.event.name).toBe("inngest/scheduled.timer");
    const [cron] = await db.select().from(engineCron).where(eq(engineCron.functionId, "engine-test-ticker"));
    expect(cron!.nextAt.getTime()).toBeGreaterThan(Date.now());
    expect(await runsOf("ticker")).toHaveLength(1);
  });

  it("refuses at sync a function option it does not implement", async () => {
    const throttled = serve({
      client,
      functions: [client.createFunction({ id: "throttled", triggers: [{ event: "test/x" }], rateLimit: { limit: 1, period: "1s" } }, async () => null)],
    });
    await expect(newExecutor(throttled).sync()).rejects.toThrow(UnsupportedFunctionError);
    await expect(newExecutor(throttled).sync()).rejects.toThrow(/"engine-test-throttled" uses rateLimit/);
  });

  it("is the only caller the serve endpoint accepts", async () => {
    const unsigned = new Request("http://localhost/api/inngest?fnId=engine-test-parallel&stepId=step", { method: "POST", body: "{}" });
    const response = await handlerTransport(handler)(unsigned);
    expect(response.status).toBe(401);
  });
});
