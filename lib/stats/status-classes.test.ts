import { describe, expect, it } from "vitest";
import { countTimeouts, noStatusClasses, statusClass } from "./status-classes";

describe("statusClass", () => {
  it("groups answered statuses by their first digit and calls a missing response refused", () => {
    expect([200, 204, 299].map(statusClass)).toEqual(["2xx", "2xx", "2xx"]);
    expect([300, 301, 399].map(statusClass)).toEqual(["3xx", "3xx", "3xx"]);
    expect([400, 418, 499].map(statusClass)).toEqual(["4xx", "4xx", "4xx"]);
    expect([500, 503, 599].map(statusClass)).toEqual(["5xx", "5xx", "5xx"]);
    expect(statusClass(0)).toBe("refused");
    expect([100, 199, 600, 999].map(statusClass)).toEqual(["other", "other", "other", "other"]);
  });
});

describe("countTimeouts", () => {
  it("moves timed-out attempts from refused to timeout, never more than had no response", () => {
    const counts = { ...noStatusClasses(), "2xx": 4, refused: 5 };
    countTimeouts(counts, 3);
    expect(counts).toEqual({ ...noStatusClasses(), "2xx": 4, refused: 2, timeout: 3 });
    countTimeouts(counts, 9);
    expect(counts).toEqual({ ...noStatusClasses(), "2xx": 4, refused: 0, timeout: 5 });
  });
});
