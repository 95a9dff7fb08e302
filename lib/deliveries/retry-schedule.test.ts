import { afterEach, describe, expect, it } from "vitest";
import { maxAttempts, nextRetryDelayMs } from "@/lib/deliveries/retry-schedule";

const middle = () => 0.5; // no jitter: factor exactly 1.0

afterEach(() => {
  delete process.env.TERN_RETRY_SCHEDULE;
});

describe("nextRetryDelayMs", () => {
  it("follows the default schedule: 10 attempts over about three days", () => {
    const delays = Array.from({ length: 10 }, (_, i) => nextRetryDelayMs({ attemptNumber: i + 1, timedOut: false }, middle));
    expect(delays).toEqual([5e3, 3e5, 18e5, 72e5, 18e6, 36e6, 504e5, 72e6, 864e5, null]);
    expect(maxAttempts()).toBe(10);
  });

  it("jitters each delay by ±20 %", () => {
    expect(nextRetryDelayMs({ attemptNumber: 2, timedOut: false }, () => 0)).toBe(240_000);
    expect(nextRetryDelayMs({ attemptNumber: 2, timedOut: false }, () => 1)).toBe(360_000);
  });

  it("waits at least a minute after a timeout or a 429", () => {
    expect(nextRetryDelayMs({ attemptNumber: 1, timedOut: true }, middle)).toBe(60_000);
    expect(nextRetryDelayMs({ attemptNumber: 1, status: 429, timedOut: false }, middle)).toBe(60_000);
  });

  it("honours Retry-After on 429 and 503 between the scheduled delay and 24 hours", () => {
    expect(nextRetryDelayMs({ attemptNumber: 1, status: 503, timedOut: false, retryAfterSeconds: 120 }, middle)).toBe(120_000);
    expect(nextRetryDelayMs({ attemptNumber: 3, status: 503, timedOut: false, retryAfterSeconds: 1 }, middle)).toBe(1_800_000);
    expect(nextRetryDelayMs({ attemptNumber: 1, status: 429, timedOut: false, retryAfterSeconds: 999_999 }, middle)).toBe(86_400_000);
    expect(nextRetryDelayMs({ attemptNumber: 1, status: 500, timedOut: false, retryAfterSeconds: 120 }, middle)).toBe(5_000);
  });

  it("uses TERN_RETRY_SCHEDULE, keeping throttled waits within it", () => {
    process.env.TERN_RETRY_SCHEDULE = "0.1, 0.2";
    expect(maxAttempts()).toBe(3);
    expect(nextRetryDelayMs({ attemptNumber: 2, timedOut: false }, middle)).toBe(200);
    expect(nextRetryDelayMs({ attemptNumber: 1, timedOut: true }, middle)).toBe(200);
    expect(nextRetryDelayMs({ attemptNumber: 3, timedOut: false }, middle)).toBeNull();
    process.env.TERN_RETRY_SCHEDULE = "5,soon";
    expect(() => maxAttempts()).toThrow(/comma-separated seconds/);
  });
});
