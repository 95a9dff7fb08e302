import { describe, expect, it } from "vitest";
import { pathBeyondDepth } from "@/lib/api/json-depth";

describe("pathBeyondDepth", () => {
  it("finds nothing in JSON as deep as the limit", () => {
    expect(pathBeyondDepth('{"a":[{"b":[]}]}', 4)).toBeUndefined();
    expect(pathBeyondDepth('"[[[[[" ', 1)).toBeUndefined();
    expect(pathBeyondDepth("", 1)).toBeUndefined();
  });

  it("names the first object or array beyond the limit by its keys and indexes", () => {
    expect(pathBeyondDepth('{"a":[1,{"b":[[]]}]}', 4)).toEqual(["a", 1, "b", 0]);
    expect(pathBeyondDepth("[0,[1,2,[3]]]", 2)).toEqual([1, 2]);
    expect(pathBeyondDepth('{"we\\"ird:,[":{"x":{}}}', 2)).toEqual(['we"ird:,[', "x"]);
  });

  it("scans ten thousand levels without recursing", () => {
    expect(pathBeyondDepth("[".repeat(10_000), 64)).toHaveLength(64);
  });
});
