// Crash safety: SIGKILL the worker process while 1,000 deliveries are in flight, start a new
// one, and every delivery still arrives (duplicates allowed, each with its original webhook-id).
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { deliveries } from "@/db/schema";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { publishEvent } from "@/lib/events/publish";
import { createOwnedWorkspace } from "@/test/fixtures";
import { eventually } from "@/test/eventually";
import { startReceiver } from "@/test/receiver";

const EVENTS = 1_000;
const tsx = createRequire(import.meta.url).resolve("tsx/cli");
const workers: ChildProcess[] = [];

function startWorker(): Promise<ChildProcess> {
  const worker = spawn(process.execPath, [tsx, "scripts/worker.ts"], {
    env: { ...process.env, TERN_ALLOW_PRIVATE_NETWORKS: "1", TERN_ENGINE_LEASE_MS: "2000" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  workers.push(worker);
  return new Promise((resolve, reject) => {
    worker.once("exit", (code) => reject(new Error(`worker exited with ${code} before starting`)));
    worker.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("[engine] started")) resolve(worker);
    });
  });
}

afterAll(() => {
  for (const worker of workers) worker.kill("SIGKILL");
});

describe("crash safety", () => {
  it("loses no delivery when the worker is killed mid-storm", async () => {
    const receiver = await startReceiver((_request, response) => setTimeout(() => response.end("ok"), 2));
    try {
      const first = await startWorker();
      const { workspace } = await createOwnedWorkspace();
      process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
      await createEndpoint(workspace.id, createEndpointInput.parse({ url: receiver.url("/storm"), eventTypes: ["*"] }), {
        type: "system",
        id: null,
      });
      const published: string[] = [];
      for (let i = 0; i < EVENTS; i += 50) {
        const batch = await Promise.all(
          Array.from({ length: 50 }, (_, j) => publishEvent(workspace.id, { type: "storm.tick", data: { n: i + j } })),
        );
        published.push(...batch.map(({ event }) => event.id));
      }

      await receiver.waitForRequests(150);
      const killed = new Promise((resolve) => first.once("exit", resolve));
      first.kill("SIGKILL");
      await killed;
      const receivedBeforeRestart = new Set(receiver.received.map((r) => r.headers["webhook-id"])).size;
      expect(receivedBeforeRestart).toBeLessThan(EVENTS);

      await startWorker();
      const ids = await eventually(() => {
        const distinct = new Set(receiver.received.map((r) => r.headers["webhook-id"] as string));
        return distinct.size === EVENTS ? distinct : undefined;
      }, "every event to arrive after the restart", 120_000);

      expect([...ids].sort()).toEqual([...published].sort());
      await eventually(async () => {
        const [row] = await db
          .select({ n: sql<number>`count(*)::int` })
          .from(deliveries)
          .where(eq(deliveries.status, "succeeded"));
        return row!.n === EVENTS;
      }, "the database to record every delivery as succeeded");
    } finally {
      await receiver.close();
    }
  }, 60_000);
});
