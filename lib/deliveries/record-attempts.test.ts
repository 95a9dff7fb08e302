// The attempt writer never fails on what an attempt holds: text PostgreSQL refuses is made
// storable, and an attempt it still refuses is recorded without its response, alone.
import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { postgresClient } from "@/db/client";
import { attemptRollups, attempts, deliveries, endpoints, events } from "@/db/schema";
import { type DecidedAttempt, decideAttempt, recordAttempts } from "@/lib/deliveries/record-attempts";
import { newId } from "@/lib/ids";
import type { SendResult } from "@/lib/webhooks/send";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";

process.env.TERN_RETRY_SCHEDULE = "60,60,60";

/** An endpoint with `count` deliveries of one event, each due for its first attempt. */
async function pendingDeliveries(count: number) {
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

const answered = (result: Partial<SendResult>): SendResult => ({ bodyBinary: false, timedOut: false, durationMs: 12, ...result });

function decided(deliveryId: string, result: SendResult, headers: Record<string, string> = { "content-type": "application/json" }): DecidedAttempt {
  return decideAttempt({ deliveryId, trigger: "scheduled", attemptNumber: 1, sentAt: new Date() }, headers, result);
}

const storedAttempt = async (deliveryId: string) => (await db.select().from(attempts).where(eq(attempts.deliveryId, deliveryId)))[0]!;

describe("recordAttempts", () => {
  it("stores NUL bytes and unpaired surrogates in headers, body and error as U+FFFD", async () => {
    const { endpointId, deliveryIds } = await pendingDeliveries(1);
    const attempt = decided(deliveryIds[0]!, answered({ status: 200, headers: { "x-odd": "v\u0000", "x-\ud800": "w" }, body: "body\u0000" }), {
      // Tern's own headers: a custom header's value is recorded as [redacted] whatever it holds.
      "webhook-id": "a\u0000b",
      "user-agent": "c\udc00",
    });
    expect((await recordAttempts(db, endpointId, [attempt])).numbers).toEqual({ [deliveryIds[0]!]: 1 });
    const stored = await storedAttempt(deliveryIds[0]!);
    expect(stored.requestHeaders).toEqual({ "webhook-id": "a\uFFFDb", "user-agent": "c\uFFFD" });
    expect(stored.responseHeaders).toEqual({ "x-odd": "v\uFFFD", "x-\uFFFD": "w" });
    expect(stored.responseBody).toBe("body\uFFFD");

    const [failed] = (await pendingDeliveries(1)).deliveryIds;
    await recordAttempts(db, endpointId, [decided(failed!, answered({ error: "socket hang up\u0000" }))]);
    expect((await storedAttempt(failed!)).error).toBe("socket hang up\uFFFD");
  });

  it("records the rest of a group when PostgreSQL refuses one attempt, and that one without its response", async () => {
    const { endpointId, deliveryIds } = await pendingDeliveries(3);
    const [first, refused, last] = deliveryIds as [string, string, string];
    const group = [
      decided(first, answered({ status: 200, body: "ok" })),
      // No int column holds this status: the statement for the whole group fails on it.
      { ...decided(refused, answered({ status: 500, body: "boom", headers: { "x-trace": "t-1" } })), status_code: 2 ** 31 },
      decided(last, answered({ status: 503, body: "later" })),
    ];
    const recorded = await recordAttempts(db, endpointId, group);
    expect(recorded.numbers).toEqual({ [first]: 1, [refused]: 1, [last]: 1 });
    expect(recorded.streak).toMatchObject({ failed: 2 });

    expect(await storedAttempt(first)).toMatchObject({ responseStatus: 200, responseBody: "ok", error: null });
    expect(await storedAttempt(last)).toMatchObject({ responseStatus: 503, responseBody: "later" });
    expect(await storedAttempt(refused)).toMatchObject({
      responseStatus: null,
      responseHeaders: null,
      responseBody: null,
      requestHeaders: {},
      error: expect.stringMatching(/could not be stored \(PostgreSQL error 22003\)/),
    });
    const rows = await db.select().from(deliveries).where(inArray(deliveries.id, deliveryIds));
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(first)).toMatchObject({ status: "succeeded", attemptCount: 1 });
    expect(byId.get(refused)).toMatchObject({ status: "retrying", attemptCount: 1, nextAttemptAt: expect.any(Date) });
    expect(byId.get(last)).toMatchObject({ status: "retrying", attemptCount: 1 });
  });

  it("leaves the caller's transaction usable when PostgreSQL refuses an attempt in it", async () => {
    const { endpointId, deliveryIds } = await pendingDeliveries(1);
    const refused = { ...decided(deliveryIds[0]!, answered({ status: 200 })), status_code: 2 ** 31 };
    const stored = await db.transaction(async (tx) => {
      await recordAttempts(tx, endpointId, [refused], { test: true });
      return tx.select().from(attempts).where(eq(attempts.deliveryId, deliveryIds[0]!));
    });
    expect(stored).toEqual([expect.objectContaining({ responseStatus: null, error: expect.stringMatching(/could not be stored/) })]);
  });
});

describe("an attempt goes with its delivery and its endpoint", () => {
  const attemptsOf = (endpointId: string) => db.$count(attempts, eq(attempts.endpointId, endpointId));

  it("when the delivery, its event or its endpoint is deleted, also an attempt recorded before attempts all had a delivery", async () => {
    const { endpointId, deliveryIds } = await pendingDeliveries(3);
    const [alone, ofEvent, last] = deliveryIds as [string, string, string];
    await recordAttempts(
      db,
      endpointId,
      [alone, ofEvent, last].map((id) => decided(id, answered({ status: 500 }))),
    );
    const [{ workspaceId }] = (await db.select({ workspaceId: endpoints.workspaceId }).from(endpoints).where(eq(endpoints.id, endpointId))) as [
      { workspaceId: string },
    ];
    await db.insert(attempts).values({
      id: newId("att"),
      workspaceId,
      deliveryId: null,
      endpointId,
      eventId: newId("evt"),
      number: 1,
      trigger: "test",
      requestHeaders: {},
      durationMs: 5,
    });
    expect(await attemptsOf(endpointId)).toBe(4);

    await db.delete(deliveries).where(eq(deliveries.id, alone));
    expect(await db.$count(attempts, eq(attempts.deliveryId, alone))).toBe(0);
    const [delivery] = await db.select({ eventId: deliveries.eventId }).from(deliveries).where(eq(deliveries.id, ofEvent));
    await db.delete(events).where(eq(events.id, delivery!.eventId));
    expect(await db.$count(attempts, eq(attempts.deliveryId, ofEvent))).toBe(0);
    expect(await attemptsOf(endpointId)).toBe(2);

    await db.delete(endpoints).where(eq(endpoints.id, endpointId));
    expect(await attemptsOf(endpointId)).toBe(0);
    // The rollup triggers took them out of the dashboard's counts as they went.
    expect(await db.$count(attemptRollups, and(eq(attemptRollups.endpointId, endpointId), sql`${attemptRollups.count} <> 0`))).toBe(0);
  });

  it("records nothing for a delivery deleted first, and deliveries deleted while their attempts are recorded take them once they commit", async () => {
    const { endpointId, deliveryIds } = await pendingDeliveries(3);
    const [gone, ...racing] = deliveryIds as [string, string, string];
    await db.delete(deliveries).where(eq(deliveries.id, gone));
    expect((await recordAttempts(db, endpointId, [decided(gone, answered({ status: 200 }))])).numbers).toEqual({});
    expect(await attemptsOf(endpointId)).toBe(0);

    const session = postgresClient(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      const [{ pid }] = (await session`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
      let deleting: Promise<unknown> | undefined;
      await db.transaction(async (tx) => {
        const recorded = await recordAttempts(
          tx,
          endpointId,
          racing.map((id) => decided(id, answered({ status: 200 }))),
        );
        expect(Object.keys(recorded.numbers).sort()).toEqual([...racing].sort());
        // Deleting their events deletes the deliveries, which this transaction's update has locked: it waits for the commit.
        deleting = session`delete from events where id in (select event_id from deliveries where id = any(${racing}))`.execute();
        await eventually(async () => {
          const [blocked] = await db.execute<{ by: number }>(sql`select cardinality(pg_blocking_pids(${pid}::int))::int as by`);
          return blocked!.by > 0;
        }, "the events' deletion waiting for the recording transaction");
      });
      await deleting;
    } finally {
      await session.end();
    }
    expect(await attemptsOf(endpointId)).toBe(0);
    expect(await db.$count(deliveries, inArray(deliveries.id, racing))).toBe(0);
  });

  it("leaves the endpoint's key unlocked while a batch's write is uncommitted, so publishing to it does not wait", async () => {
    const { endpointId, deliveryIds } = await pendingDeliveries(1);
    const session = postgresClient(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      await db.transaction(async (tx) => {
        await recordAttempts(tx, endpointId, [decided(deliveryIds[0]!, answered({ status: 500 }))]);
        // The failure streak's row lock is held until this transaction commits. A new delivery's
        // foreign key takes this share lock on its endpoint, and must not queue behind it.
        const locked = await session.begin(async (other) => {
          await other`set local lock_timeout = '2s'`;
          return other`select 1 from endpoints where id = ${endpointId} for key share`;
        });
        expect(locked).toHaveLength(1);
      });
    } finally {
      await session.end();
    }
  });

  it("records its attempts again when PostgreSQL rolls its statement back to break a deadlock", async () => {
    const { endpointId, deliveryIds } = await pendingDeliveries(1);
    const delivery = deliveryIds[0]!;
    const other = postgresClient(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      const [{ pid }] = (await other`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
      const { recording } = await other.begin(async (tx) => {
        // This session never looks for deadlocks itself, so PostgreSQL rolls the recording back.
        await tx`set local deadlock_timeout = '1min'`;
        await tx`select 1 from deliveries where id = ${delivery} for update`;
        // The recording locks the endpoint's row, then waits for the delivery's.
        const recording = recordAttempts(db, endpointId, [decided(delivery, answered({ status: 200 }))]);
        await eventually(async () => {
          const [waiting] = await db.execute<{ n: number }>(
            sql`select count(*)::int as n from pg_stat_activity where ${pid}::int = any(pg_blocking_pids(pid))`,
          );
          return waiting!.n > 0;
        }, "the recording to wait for the delivery this session locked");
        // Waiting for the endpoint's row in turn closes the cycle.
        await tx`select 1 from endpoints where id = ${endpointId} for update`;
        // Its second try waits for this session's commit.
        return { recording };
      });
      expect((await recording).numbers).toEqual({ [delivery]: 1 });
    } finally {
      await other.end();
    }
    expect(await attemptsOf(endpointId)).toBe(1);
    const [row] = await db.select().from(deliveries).where(eq(deliveries.id, delivery));
    expect(row).toMatchObject({ status: "succeeded", attemptCount: 1 });
  });
});
