// A failed query is logged with its statement, message and PostgreSQL code, never with the
// values bound to it: those carry endpoints' custom headers, receiver credentials among them.
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { deliveries, endpoints, events } from "@/db/schema";
import { columnList } from "@/db/sql";
import { inngest } from "@/inngest/client";
import { markDeliveryFailed } from "@/lib/deliveries/attempt";
import { newId } from "@/lib/ids";
import { createLogger, log } from "@/lib/log";
import { createOwnedWorkspace } from "@/test/fixtures";

const planted = `planted-secret-${randomBytes(6).toString("hex")}`;

function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger(destination), lines: () => lines.map((line) => JSON.parse(line)), text: () => lines.join("") };
}

/** An insert refused by its foreign key: drizzle's error lists every bound value, the credential among them. */
async function refusedInsert(): Promise<Error> {
  return db
    .insert(endpoints)
    .values({
      id: newId("ep"),
      workspaceId: "ws_missing",
      url: "https://receiver.example/",
      eventTypes: ["*"],
      headersEncrypted: { authorization: planted },
      secretEncrypted: "x",
    })
    .then(() => expect.fail("the insert should fail"))
    .catch((error: Error) => error);
}

/** An insert refused for a null: PostgreSQL's detail repeats the whole row. */
async function refusedRow(workspaceId: string): Promise<Error> {
  return db
    .execute(sql`
      insert into ${endpoints} (${columnList(endpoints.id, endpoints.workspaceId, endpoints.url, endpoints.eventTypes, endpoints.headersEncrypted, endpoints.secretEncrypted)})
      values (${newId("ep")}, ${workspaceId}, null, '{*}', ${JSON.stringify({ authorization: planted })}::jsonb, 'x')`)
    .then(() => expect.fail("the insert should fail"))
    .catch((error: Error) => error);
}

describe("the logger", () => {
  it("logs a failed query's statement, message and code without its bound values", async () => {
    const { workspace } = await createOwnedWorkspace();
    const foreignKey = await refusedInsert();
    const notNull = await refusedRow(workspace.id);
    expect(foreignKey.message).toContain(planted);
    expect(`${notNull.message} ${(notNull.cause as { detail: string }).detail}`).toContain(planted);

    const { logger, lines, text } = capturedLogger();
    logger.error({ err: foreignKey }, "insert failed");
    logger.error({ err: notNull }, "insert failed");
    logger.error({ err: new Error("Creating the endpoint failed", { cause: foreignKey }) }, "wrapped");
    // As the engine logs a step's error: a plain object, serialized by the SDK.
    logger.warn({ err: { name: "DrizzleQueryError", message: foreignKey.message, stack: foreignKey.stack } }, "run failed");
    logger.error(notNull);

    expect(text()).not.toContain(planted);
    const [first, second, wrapped, plain, direct] = lines();
    expect(first.err.message).toMatch(/^Failed query: insert into "endpoints" .*: insert or update on table "endpoints" violates foreign key constraint/s);
    expect(first.err.stack).toMatch(/\n\s+at /);
    expect(first.err.cause).toMatchObject({ code: "23503", detail: 'Key (workspace_id)=(…) is not present in table "workspaces".' });
    expect(second.err.cause).toMatchObject({ code: "23502", column_name: "url", detail: "Failing row contains (…)." });
    expect(wrapped.err.message).toMatch(/^Creating the endpoint failed: Failed query: insert into "endpoints"/);
    expect(wrapped.err.cause.cause).toMatchObject({ code: "23503" });
    expect(plain.err.message).toMatch(/^Failed query: insert into "endpoints"/);
    expect(direct.err.cause).toMatchObject({ code: "23502" });
  });

  it("is the logger the Inngest SDK reports step and function errors to", () => {
    expect(inngest.logger).toBe(log);
  });

  it("logs an error that is its own cause", () => {
    const { logger, lines } = capturedLogger();
    const cyclic = new Error("a cause of itself");
    cyclic.cause = cyclic;
    logger.error({ err: cyclic }, "cyclic");
    expect(lines()[0].err).toMatchObject({ type: "Error", message: expect.stringMatching(/^a cause of itself/) });
  });

  it("keeps bound values out of the last error of a delivery stopped by a failed query", async () => {
    const { workspace } = await createOwnedWorkspace();
    const [endpoint] = await db
      .insert(endpoints)
      .values({ id: newId("ep"), workspaceId: workspace.id, url: "https://receiver.example/", eventTypes: ["*"], secretEncrypted: "x" })
      .returning();
    const eventId = newId("evt");
    await db.insert(events).values({ id: eventId, workspaceId: workspace.id, type: "file.ready", data: {} });
    const [delivery] = await db
      .insert(deliveries)
      .values({ id: newId("dlv"), workspaceId: workspace.id, eventId, endpointId: endpoint!.id, eventType: "file.ready" })
      .returning();
    const failed = await refusedInsert();
    await markDeliveryFailed(delivery!.id, `Delivery stopped: ${failed.message}`);
    const [stopped] = await db.select().from(deliveries).where(eq(deliveries.id, delivery!.id));
    expect(stopped).toMatchObject({ status: "failed", lastError: expect.stringMatching(/^Delivery stopped: Failed query: insert into "endpoints"/) });
    expect(stopped!.lastError).not.toContain(planted);
  });
});
