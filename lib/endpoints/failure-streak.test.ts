// The endpoint's run of failed attempts as the attempt writer keeps it: each recording learns the
// run before and after it, so crossing the failing threshold, and recovering, is seen once.
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { deliveries, endpoints, events } from "@/db/schema";
import { decideAttempt, recordAttempts } from "@/lib/deliveries/record-attempts";
import { streakChanges } from "@/lib/endpoints/health";
import { newId } from "@/lib/ids";
import { createOwnedWorkspace } from "@/test/fixtures";

process.env.TERN_RETRY_SCHEDULE = "60,60,60";
process.env.TERN_FAILING_AFTER_ATTEMPTS = "3";

async function endpointWithDeliveries(count: number) {
  const { workspace } = await createOwnedWorkspace();
  const [endpoint] = await db
    .insert(endpoints)
    .values({ id: newId("ep"), workspaceId: workspace.id, url: "https://receiver.example/hook", eventTypes: ["*"], secretEncrypted: "unused" })
    .returning();
  const eventIds = Array.from({ length: count }, () => newId("evt"));
  await db.insert(events).values(eventIds.map((id) => ({ id, workspaceId: workspace.id, type: "file.ready", data: {} })));
  const rows = await db
    .insert(deliveries)
    .values(eventIds.map((eventId) => ({ id: newId("dlv"), workspaceId: workspace.id, eventId, endpointId: endpoint!.id, eventType: "file.ready" })))
    .returning();
  return { endpointId: endpoint!.id, deliveryIds: rows.map((row) => row.id) };
}

const attempt = (deliveryId: string, status: number) =>
  decideAttempt({ deliveryId, trigger: "scheduled", attemptNumber: 1, sentAt: new Date() }, {}, { status, bodyBinary: false, timedOut: false, durationMs: 5 });

const streak = (failedBefore: number, failed: number) => ({ failedBefore, failed, failingMs: 1000 });

describe("the failure streak", () => {
  it("changes on crossing the threshold and on the first success after it, never in between", () => {
    expect(streakChanges([false], streak(2, 3))).toEqual([{ change: "failing", failedAttempts: 3 }]);
    expect(streakChanges([false, false], streak(3, 5))).toEqual([]);
    expect(streakChanges([false], streak(0, 1))).toEqual([]);
    expect(streakChanges([false, true], streak(4, 0))).toEqual([{ change: "recovered", failedAttempts: 5 }]);
    expect(streakChanges([true], streak(2, 0))).toEqual([]);
    // A success then a new run reaching the threshold within one group: recovered, then failing again.
    expect(streakChanges([true, false, false, false], streak(3, 3))).toEqual([
      { change: "recovered", failedAttempts: 3 },
      { change: "failing", failedAttempts: 3 },
    ]);
  });

  it("is crossed exactly once when many batches record failures at the same moment", async () => {
    const { endpointId, deliveryIds } = await endpointWithDeliveries(12);
    const recorded = await Promise.all(deliveryIds.map((id) => recordAttempts(db, endpointId, [attempt(id, 500)])));
    const changes = recorded.flatMap((result) => streakChanges([false], result.streak!));
    expect(changes).toEqual([{ change: "failing", failedAttempts: 3 }]);
    expect(recorded.map((result) => result.streak!.failedBefore).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));

    const [first, second] = deliveryIds as [string, string];
    const recoveries = await Promise.all([first, second].map((id) => recordAttempts(db, endpointId, [attempt(id, 200)])));
    expect(recoveries.flatMap((result) => streakChanges([true], result.streak!))).toEqual([{ change: "recovered", failedAttempts: 12 }]);
  });
});
