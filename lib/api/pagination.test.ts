import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, pageQuery, toPage } from "@/lib/api/pagination";
import { DomainError } from "@/lib/errors";
import { newId } from "@/lib/ids";

describe("cursors", () => {
  it("round-trip the position of a row", () => {
    const row = { createdAt: new Date("2026-11-22T10:00:00.123Z"), id: newId("evt") };
    expect(decodeCursor(encodeCursor(row))).toEqual(row);
  });

  it("reject cursors this API did not make", () => {
    expect(() => decodeCursor("not-a-cursor")).toThrow(DomainError);
    const forged = (text: string) => Buffer.from(text).toString("base64url");
    expect(() => decodeCursor(forged("0000-01-01T00:00:00.000Z|evt_01jzzzzzzzzzzzzzzzzzzzzzzz"))).toThrow(DomainError);
    expect(() => decodeCursor(forged("2026-11-22T10:00:00.000Z|evt_\u0000"))).toThrow(DomainError);
    expect(pageQuery.cursor.safeParse(forged("2026-11-22T10:00:00Z|evt_01jzzzzzzzzzzzzzzzzzzzzzzz")).success).toBe(false);
  });

  it("give a next cursor only when more rows exist", () => {
    const rows = [1, 2, 3].map((n) => ({ createdAt: new Date(n * 1000), id: newId("et") }));
    expect(toPage(rows, 3).nextCursor).toBeNull();
    const page = toPage(rows, 2);
    expect(page.data).toHaveLength(2);
    expect(decodeCursor(page.nextCursor!)).toEqual({ createdAt: rows[1]!.createdAt, id: rows[1]!.id });
  });
});
