import { describe, expect, it } from "vitest";
import { compileExpression } from "@/lib/engine/expression";

const event = { name: "tern/delivery.requested", data: { endpointId: "ep_1", n: 2, nested: { ok: true } } };

describe("compileExpression", () => {
  it("evaluates member access, literals and operators", () => {
    expect(compileExpression("event.data.endpointId")({ event })).toBe("ep_1");
    expect(compileExpression("event.data['endpointId']")({ event })).toBe("ep_1");
    expect(compileExpression("event.data.function_id == 'tern-deliver'")({ event: { data: { function_id: "tern-deliver" } } })).toBe(true);
    expect(compileExpression("event.data.n != 2 || event.data.nested.ok")({ event })).toBe(true);
    expect(compileExpression('(event.data.n == 2) && event.name == "x"')({ event })).toBe(false);
    expect(compileExpression("event.data.endpointId + '-' + event.data.n")({ event })).toBe("ep_1-2");
    expect(compileExpression("event.data.n + 3")({ event })).toBe(5);
    expect(compileExpression("event.data.missing.deeper")({ event })).toBeUndefined();
  });

  it("rejects syntax outside the subset", () => {
    expect(() => compileExpression("event.data.n > 2")).toThrow(/Unsupported expression syntax/);
    expect(() => compileExpression("size(event.data)")).toThrow();
    expect(() => compileExpression("event.data.n ==")).toThrow();
  });
});
