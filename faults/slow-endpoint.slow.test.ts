import { afterAll, afterEach, describe, expect, it } from "vitest";
import { stopAllWorkers } from "./harness";
import { healthyThroughput } from "./slow-endpoint";

afterEach(stopAllWorkers);
afterAll(stopAllWorkers);

describe("per-endpoint isolation", () => {
  it("keeps a healthy endpoint within 20 % of its throughput beside one that hangs", async () => {
    const alone = await healthyThroughput(2_000, false);
    await stopAllWorkers();
    const beside = await healthyThroughput(2_000, true);
    console.log(`healthy endpoint: ${alone.perSecond.toFixed(0)}/s alone, ${beside.perSecond.toFixed(0)}/s beside a hanging one`);
    expect(beside.perSecond).toBeGreaterThanOrEqual(alone.perSecond * 0.8);
  }, 900_000);
});
