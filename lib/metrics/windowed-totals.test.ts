import { describe, expect, it } from "vitest";
import { WindowedTotals } from "@/lib/metrics/windowed-totals";

describe("WindowedTotals", () => {
  it("counts how much each series grew across its windows, never less than before", () => {
    const totals = new WindowedTotals();
    // The first reading is the baseline: a counter starts at zero with its process.
    expect(totals.advance([{ window: "10:00", series: "2xx", value: 40 }])).toEqual(new Map());
    expect(
      totals.advance([
        { window: "10:00", series: "2xx", value: 45 },
        { window: "11:00", series: "2xx", value: 3 },
        { window: "11:00", series: "5xx", value: 2 },
      ]),
    ).toEqual(
      new Map([
        ["2xx", 8],
        ["5xx", 2],
      ]),
    );
    // 10:00 left the window read, and 11:00 shrank (its deliveries were deleted): nothing is taken back.
    expect(totals.advance([{ window: "11:00", series: "2xx", value: 1 }])).toEqual(new Map());
    expect(totals.advance([{ window: "11:00", series: "2xx", value: 4 }])).toEqual(new Map([["2xx", 3]]));
  });
});
