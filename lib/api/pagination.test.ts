import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, toPage } from "@/lib/api/pagination";
import { DomainError } from "@/lib/errors";

describe("cursors", () => {
  it("round-trip the position of a row", () => {
    const row = { createdAt: new Date("2026-11-22T10:00:00.123Z"), id: "evt_01abc" };
    expect(decodeCursor(encodeCursor(row))).toEqual(row);
  });

  it("reject cursors this API did not make", () => {
    expect(() => decodeCursor("not-a-cursor")).toThrow(DomainError);
  });

  it("give a next cursor only when more rows exist", () => {
    const rows = [1, 2, 3].map((n) => ({ createdAt: new Date(n * 1000), id: `r${n}` }));
    expect(toPage(rows, 3).nextCursor).toBeNull();
    const page = toPage(rows, 2);
    expect(page.data).toHaveLength(2);
    expect(decodeCursor(page.nextCursor!)).toEqual({ createdAt: rows[1]!.createdAt, id: "r2" });
  });
});
