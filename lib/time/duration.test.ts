import { describe, expect, it } from "vitest";
import { parseDuration, parseRetryAfter } from "@/lib/time/duration";

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    const now = Date.parse("2026-11-22T10:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120);
    expect(parseRetryAfter("Sun, 22 Nov 2026 10:02:00 GMT", now)).toBe(120);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe("parseDuration", () => {
  it("reads Inngest-style durations, and bare numbers only in the unit it is given", () => {
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("5d")).toBe(432_000_000);
    expect(parseDuration("3600")).toBeUndefined();
    expect(parseDuration("3600", 1_000)).toBe(3_600_000);
    expect(parseDuration("5 days", 1_000)).toBeUndefined();
    expect(parseDuration("2026-11-22T10:00:00Z")).toBeUndefined();
  });
});
