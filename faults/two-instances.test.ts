// Two executors on one database: no delivery is attempted twice at the same time, none is lost,
// and without crashes none is even sent twice.
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { attempts } from "@/db/schema";
import { createOwnedWorkspace } from "@/test/fixtures";
import { startReceiver } from "@/test/receiver";
import { expectAllDelivered, startWorker, stopAllWorkers, storm, subscribe } from "./harness";

afterAll(stopAllWorkers);

describe("two instances on one database", () => {
  it("share the work without overlapping or losing a delivery", async () => {
    const inFlight = new Map<string, number>();
    let overlaps = 0;
    const receiver = await startReceiver((request, response) => {
      const key = `${request.path} ${request.headers["webhook-id"]}`;
      inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
      if (inFlight.get(key)! > 1) overlaps++;
      // Hold each request a little, so overlapping attempts would be caught.
      setTimeout(() => {
        inFlight.set(key, inFlight.get(key)! - 1);
        response.end("ok");
      }, 5);
    });
    try {
      await Promise.all([startWorker(), startWorker()]);
      const { workspace } = await createOwnedWorkspace();
      const first = await subscribe(workspace.id, receiver.url("/one"));
      const second = await subscribe(workspace.id, receiver.url("/two"));
      const published = await storm(workspace.id, 500);

      for (const [endpoint, path] of [
        [first, "/one"],
        [second, "/two"],
      ] as const) {
        await expectAllDelivered({ received: () => receiver.received, path, endpointId: endpoint.id, eventIds: published, timeoutMs: 120_000 });
      }
      expect(overlaps).toBe(0);
      expect(receiver.received).toHaveLength(1_000);
      const recorded = await db.select({ id: attempts.id }).from(attempts).where(eq(attempts.workspaceId, workspace.id));
      expect(recorded).toHaveLength(1_000);
    } finally {
      await receiver.close();
    }
  }, 180_000);
});
