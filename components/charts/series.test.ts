import { describe, expect, it } from "vitest";
import { bucketLabel, bucketTick, keysWithData } from "./series";

describe("bucket times", () => {
  it("writes buckets in UTC, whatever the machine's time zone", () => {
    expect(bucketTick("2026-11-28T09:05:00.000Z", "minute")).toBe("09:05");
    expect(bucketTick("2026-11-28T23:00:00.000Z", "hour")).toBe("23:00");
    expect(bucketTick("2026-11-28T00:00:00.000Z", "day")).toBe("Nov 28");
    expect(bucketLabel("2026-11-28T09:05:00.000Z", "minute")).toBe("Nov 28, 09:05–09:06 UTC");
    expect(bucketLabel("2026-11-28T23:00:00.000Z", "hour")).toBe("Nov 28, 23:00–00:00 UTC");
    expect(bucketLabel("2026-01-01T00:00:00.000Z", "day")).toBe("Jan 1 (UTC)");
  });
});

describe("keysWithData", () => {
  it("keeps the series that have a value somewhere, in the order asked for", () => {
    const series = [
      { time: "a", succeeded: 0, failed: 2, pending: 0, p95: null },
      { time: "b", succeeded: 1, failed: 0, pending: 0, p95: null },
    ];
    expect(keysWithData(series, ["pending", "failed", "succeeded"] as const)).toEqual(["failed", "succeeded"]);
    expect(keysWithData(series, ["p95", "retrying"] as const)).toEqual([]);
  });
});
