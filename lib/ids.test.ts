import { describe, expect, it } from "vitest";
import { newId, ulid } from "@/lib/ids";

describe("newId", () => {
  it("prefixes a 26-character Crockford base32 ULID", () => {
    expect(newId("evt")).toMatch(/^evt_[0-9a-hjkmnp-tv-z]{26}$/);
  });

  it("sorts by creation time across milliseconds", () => {
    expect(ulid(1_700_000_000_000) < ulid(1_700_000_000_001)).toBe(true);
    expect(ulid(1_699_999_999_999) < ulid(1_700_000_000_000)).toBe(true);
  });

  it("stays unique and ordered within one millisecond", () => {
    const ids = Array.from({ length: 1000 }, () => ulid(1_700_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
