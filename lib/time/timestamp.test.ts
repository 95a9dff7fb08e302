import { describe, expect, it } from "vitest";
import { isoTimestamp } from "@/lib/time/timestamp";

describe("isoTimestamp", () => {
  it("takes ISO 8601 times with a zone in the years 1 to 9999", () => {
    for (const time of ["2026-11-22T10:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2026-11-22T10:00:00+05:30"]) {
      expect(isoTimestamp.safeParse(time).success, time).toBe(true);
    }
  });

  it("refuses year 0 and times that leave the range once in UTC, with one message each", () => {
    for (const time of ["0000-01-01T00:00:00Z", "0001-01-01T00:00:00+00:01", "9999-12-31T23:59:59-00:01"]) {
      expect(
        isoTimestamp.safeParse(time).error?.issues.map((issue) => issue.message),
        time,
      ).toEqual(["Use a time between the years 1 and 9999 (UTC)."]);
    }
    expect(isoTimestamp.safeParse("2026-11-22").error?.issues).toHaveLength(1);
  });
});
