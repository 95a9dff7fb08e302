import { describe, expect, it } from "vitest";
import { compileEventSchema, firstViolation } from "@/lib/event-types/json-schema";

function compiled(schema: Record<string, unknown>) {
  const result = compileEventSchema(schema);
  if (!result.ok) throw new Error(`${result.violation.path}: ${result.violation.message}`);
  return result.validate;
}

describe("work a schema can make", () => {
  it("matches patterns in linear time: a pattern that backtracks exponentially in JavaScript answers at once", () => {
    const validate = compiled({ type: "object", properties: { code: { type: "string", pattern: "^(a+)+$" } }, patternProperties: { "^(x+)+y$": true } });
    // 100,000 a's and a "!" would take JavaScript's backtracking engine longer than the age of the universe.
    const hostile = `${"a".repeat(100_000)}!`;
    expect(firstViolation(validate, { code: hostile }, "data")).toMatchObject({ path: "data.code", message: expect.stringMatching(/must match pattern/) });
    expect(firstViolation(validate, { code: "aaa", [`${"x".repeat(100_000)}!`]: 1 }, "data")).toBeUndefined();
  });

  it("refuses a pattern RE2 cannot run (lookaround, backreferences) when the schema is saved", () => {
    const result = compileEventSchema({ type: "string", pattern: "^(?=.*\\d).+$" });
    expect(result).toMatchObject({
      ok: false,
      violation: { path: "schema", message: expect.stringMatching(/^has a pattern that cannot be used: .*no lookahead/) },
    });
  });

  it("refuses uniqueItems on an array the schema leaves unbounded, wherever it is nested", () => {
    expect(compileEventSchema({ type: "array", uniqueItems: true })).toMatchObject({
      ok: false,
      violation: { path: "schema.uniqueItems", message: expect.stringMatching(/maxItems of at most 1000/) },
    });
    expect(compileEventSchema({ type: "object", properties: { tags: { type: "array", uniqueItems: true, maxItems: 5000 } } })).toMatchObject({
      ok: false,
      violation: { path: "schema.properties.tags.uniqueItems" },
    });
    expect(compileEventSchema({ type: "array", uniqueItems: true, maxItems: 50 })).toMatchObject({ ok: true });
    // A property named uniqueItems, or the word in an enum, is not the keyword.
    expect(compileEventSchema({ type: "object", properties: { uniqueItems: { type: "boolean" } }, enum: [{ uniqueItems: true }] })).toMatchObject({ ok: true });
  });
});
