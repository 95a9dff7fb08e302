import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
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
      expect(await after.json()).toMatchObject({
        status: "ok",
        database: { status: "up" },
        engine: { mode: "embedded", status: "up", functions: 7, queuedRuns: 0 },
      });
    } finally {
      await executor.stop();
    }
  });
});
