import { describe, expect, it } from "vitest";
import { findUnstorableText, printable } from "@/lib/api/unstorable-text";

describe("findUnstorableText", () => {
  it("passes well-formed text, astral characters included", () => {
    expect(findUnstorableText({ a: ["é", "😀", { ключ: "值" }], b: 1, c: null })).toBeUndefined();
  });

  it("finds NUL and unpaired surrogates in values and keys, with their path", () => {
    expect(findUnstorableText({ a: [1, { b: "x\u0000" }] })).toEqual({ path: ["a", 1, "b"], message: expect.stringContaining("NUL") });
    expect(findUnstorableText({ a: { "k\ud800": 1 } })).toEqual({ path: ["a", "k\ud800"], message: expect.stringContaining("key") });
    expect(findUnstorableText("\udc00x")?.message).toContain("unpaired");
    expect(findUnstorableText(["ok", "\ud83d"])?.path).toEqual([1]);
  });

  it("walks ten thousand levels without recursing", () => {
    let deep: unknown = "\u0000";
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(findUnstorableText(deep)?.path).toHaveLength(10_000);
  });
});

describe("printable", () => {
  it("writes what cannot be shown as \\u escapes", () => {
    expect(printable("a\u0000b\ud800c😀")).toBe("a\\u0000b\\ud800c😀");
  });
});
