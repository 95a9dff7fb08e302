// A receiver that is down for a while, and one that fails 30 % of requests: every delivery
// completes on the retry schedule, and the database records exactly the attempts the receiver saw.
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { db } from "@/db";
import { attempts } from "@/db/schema";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { startReceiver } from "@/test/receiver";
import { expectAllDelivered, startWorker, stopAllWorkers, storm, subscribe } from "./harness";

const SCHEDULE = "0.5,1,1,1,1,1,1,1";
afterEach(stopAllWorkers);
afterAll(stopAllWorkers);

async function attemptsOf(endpointId: string) {
  return db.select().from(attempts).where(eq(attempts.endpointId, endpointId)).orderBy(asc(attempts.deliveryId), asc(attempts.number));
}

describe("receiver failures", () => {
  it("delivers everything once a receiver that was down comes back", async () => {
    const receiver = await startReceiver();
    try {
      await receiver.pause();
      await startWorker({ TERN_RETRY_SCHEDULE: SCHEDULE });
      const { workspace } = await createOwnedWorkspace();
      const endpoint = await subscribe(workspace.id, receiver.url("/down"));
      const published = await storm(workspace.id, 200);
      await eventually(async () => {
        const [row] = await db
          .select({ n: sql<number>`count(distinct ${attempts.deliveryId})::int` })
          .from(attempts)
          .where(eq(attempts.endpointId, endpoint.id));
        return row!.n >= 200;
      }, "every first attempt to fail while the receiver is down");
      await receiver.resume();

      await expectAllDelivered({ received: () => receiver.received, path: "/down", endpointId: endpoint.id, eventIds: published, timeoutMs: 60_000 });
      const recorded = await attemptsOf(endpoint.id);
      const byDelivery = new Map<string | null, typeof recorded>();
      for (const attempt of recorded) byDelivery.set(attempt.deliveryId, [...(byDelivery.get(attempt.deliveryId) ?? []), attempt]);
      expect(byDelivery.size).toBe(200);
      for (const [, tries] of byDelivery) {
        expect(tries[0]!.error).toMatch(/refused|ECONNREFUSED/i);
        // The retry waited for the schedule's first step (0.5 s, jitter down to 0.4 s).
        expect(tries[1]!.createdAt.getTime() - tries[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(350);
      }
    } finally {
      await receiver.close();
    }
  }, 120_000);

  it("delivers everything through 30 % random server errors", async () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const failures = new Map<string, number>();
    const receiver = await startReceiver((request, response) => {
      const id = request.headers["webhook-id"] as string;
      // 30 % fail, but never a fourth time in a row for one event, so the schedule always suffices.
      if (random() < 0.3 && (failures.get(id) ?? 0) < 3) {
        failures.set(id, (failures.get(id) ?? 0) + 1);
        return response.writeHead(500).end("try later");
      }
      response.end("ok");
    });
    try {
      await startWorker({ TERN_RETRY_SCHEDULE: SCHEDULE });
      const { workspace } = await createOwnedWorkspace();
      const endpoint = await subscribe(workspace.id, receiver.url("/flaky"));
      const published = await storm(workspace.id, 300);

      await expectAllDelivered({ received: () => receiver.received, path: "/flaky", endpointId: endpoint.id, eventIds: published, timeoutMs: 90_000 });
      expect(receiver.received.filter((r) => r.status === 500).length).toBeGreaterThan(50);
      const recorded = await attemptsOf(endpoint.id);
      expect(recorded.length).toBe(receiver.received.length);
      expect(recorded.filter((a) => a.responseStatus === 500).length).toBe(receiver.received.filter((r) => r.status === 500).length);
    } finally {
      await receiver.close();
    }
  }, 120_000);
});
