import { afterEach, describe, expect, it } from "vitest";
import { takeRateLimitToken } from "@/lib/api/rate-limit";

afterEach(() => {
  delete process.env.TERN_API_RATE_LIMIT;
  delete process.env.TERN_API_RATE_BURST;
});

describe("takeRateLimitToken", () => {
  it("allows a burst, then the steady rate, per key", () => {
    process.env.TERN_API_RATE_LIMIT = "10";
    process.env.TERN_API_RATE_BURST = "20";
    const start = 1_000_000;
    for (let i = 0; i < 20; i++) expect(takeRateLimitToken("key_a", start).allowed).toBe(true);
    expect(takeRateLimitToken("key_a", start)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(takeRateLimitToken("key_b", start).allowed).toBe(true);
    expect(takeRateLimitToken("key_a", start + 100).allowed).toBe(true); // one token refilled after 100 ms
    expect(takeRateLimitToken("key_a", start + 100).allowed).toBe(false);
  });
});
