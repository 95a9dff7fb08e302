// Shared parts of the fault suite: worker processes running the embedded executor, event storms,
// and the checks that nothing was lost (the receiver got every delivery, the database agrees).
import { type ChildProcess, spawn } from "node:child_process";
import { and, eq, sql } from "drizzle-orm";
import { expect } from "vitest";
import { db } from "@/db";
import { deliveries } from "@/db/schema";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { publishEvent } from "@/lib/events/publish";
import { eventually } from "@/test/eventually";
import type { ReceivedRequest } from "@/test/receiver";

const system = { type: "system", id: null } as const;

export type Worker = { process: ChildProcess; kill: (signal?: NodeJS.Signals) => Promise<void> };
const workers = new Set<ChildProcess>();

/** `npm run worker` as a child process on this test file's database; resolves once it runs. */
export function startWorker(env: Record<string, string> = {}): Promise<Worker> {
  // One process (tsx as a loader, not its CLI, which would run the worker in a grandchild that a
  // SIGKILL would leave running).
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, TERN_ALLOW_PRIVATE_NETWORKS: "1", TERN_ENGINE_LEASE_MS: "2000", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  workers.add(child);
  child.once("exit", () => workers.delete(child));
  const kill = async (signal: NodeJS.Signals = "SIGKILL") => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`worker exited with ${code} before starting`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Embedded executor started")) resolve({ process: child, kill });
    });
  });
}

/** For afterAll: no worker outlives its test file. */
export async function stopAllWorkers() {
  for (const child of workers) child.kill("SIGKILL");
}

export async function subscribe(workspaceId: string, url: string, overrides: Record<string, unknown> = {}) {
  process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
  return createEndpoint(workspaceId, createEndpointInput.parse({ url, eventTypes: ["*"], ...overrides }), system);
}

/** Publishes `count` events, 100 at a time, and returns their ids. */
export async function storm(workspaceId: string, count: number, type = "storm.tick"): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 100) {
    const batch = await Promise.all(Array.from({ length: Math.min(100, count - i) }, (_, j) => publishEvent(workspaceId, { type, data: { n: i + j } })));
    ids.push(...batch.map(({ event }) => event.id));
  }
  return ids;
}

/** Distinct webhook-ids the receiver answered with 2xx on one path. */
function deliveredIds(requests: (ReceivedRequest & { status?: number })[], path: string): Set<string> {
  return new Set(requests.filter((r) => r.path === path && (r.status ?? 200) < 300).map((r) => r.headers["webhook-id"] as string));
}

/**
 * Nothing lost: waits until the receiver has had every event on `path` answered successfully,
 * then checks the database records each of those deliveries as succeeded.
 */
export async function expectAllDelivered(options: {
  received: () => (ReceivedRequest & { status?: number })[];
  path: string;
  endpointId: string;
  eventIds: string[];
  timeoutMs: number;
}) {
  const ids = await eventually(
    () => {
      const got = deliveredIds(options.received(), options.path);
      return got.size >= options.eventIds.length ? got : undefined;
    },
    `all ${options.eventIds.length} events to reach ${options.path}`,
    options.timeoutMs,
  );
  expect([...ids].sort()).toEqual([...options.eventIds].sort());
  await eventually(async () => {
    try {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(deliveries)
        .where(and(eq(deliveries.endpointId, options.endpointId), eq(deliveries.status, "succeeded")));
      return row!.n === options.eventIds.length;
    } catch (error) {
      // This process's own pool may hold a connection that a restart of PostgreSQL ended while it
      // was idle; postgres.js reports that on the connection's next query, and then reconnects.
      if (endedByServer(error)) return false;
      throw error;
    }
  }, "the database to record every delivery as succeeded");
}

/** Whether `error` (or its cause) is PostgreSQL ending the connection: it shut down (57P01) or the socket closed. */
function endedByServer(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const { code } = cause as { code?: unknown };
    if (code === "57P01" || code === "CONNECTION_CLOSED" || code === "CONNECTION_ENDED") return true;
  }
  return false;
}
