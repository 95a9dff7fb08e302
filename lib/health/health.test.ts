import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { db } from "@/db";
import { engineFunctions } from "@/db/engine-schema";
import { functions } from "@/inngest/functions";
import { startTernExecutor } from "@/test/tern-engine";

describe("GET /api/health", () => {
  it("reports the database and whether the delivery engine has synced, without authentication", async () => {
    const before = await GET();
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({ status: "degraded", database: { status: "up" }, engine: { mode: "embedded", status: "not synced" } });

    const executor = await startTernExecutor();
    try {
      const after = await GET();
      expect(after.status).toBe(200);
      // Every function Tern serves was synced (one with an onFailure handler is two), and the count says so.
      const synced = await db.select({ id: engineFunctions.id }).from(engineFunctions);
      for (const fn of functions) expect(synced.map((row) => row.id)).toContainEqual(expect.stringMatching(new RegExp(`-${fn.id()}$`)));
      expect(await after.json()).toMatchObject({
        status: "ok",
        database: { status: "up" },
        engine: { mode: "embedded", status: "up", functions: synced.length, queuedRuns: 0 },
      });
    } finally {
      await executor.stop();
    }
  });
});
