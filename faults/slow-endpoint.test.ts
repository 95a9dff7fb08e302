import { afterAll, afterEach, describe, expect, it } from "vitest";
import { stopAllWorkers } from "./harness";
import { HANG_TIMEOUT_MS, healthyThroughput } from "./slow-endpoint";

afterEach(stopAllWorkers);
afterAll(stopAllWorkers);

describe("a receiver that hangs", () => {
  it("times out at the endpoint's timeout while a healthy endpoint gets everything", async () => {
    const { hangingAttempts, hangingRequests } = await healthyThroughput(300, true);
    // The healthy endpoint's 300 deliveries finished while the hanging one held its slots.
    expect(hangingRequests).toBeGreaterThan(0);
    expect(hangingRequests).toBeLessThan(300);
    expect(hangingAttempts.length).toBeGreaterThan(0);
    for (const attempt of hangingAttempts) {
      expect(attempt.error).toMatch(/timed out/i);
      expect(attempt.responseStatus).toBeNull();
      expect(attempt.durationMs).toBeGreaterThanOrEqual(HANG_TIMEOUT_MS - 10);
      expect(attempt.durationMs).toBeLessThan(HANG_TIMEOUT_MS + 2_000);
    }
  }, 300_000);
});
