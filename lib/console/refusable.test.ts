import { describe, expect, it } from "vitest";
import { refusable } from "@/lib/console/refusable";
import { DomainError } from "@/lib/errors";

describe("refusable", () => {
  it("passes a value through, turns a refused filter into its message, and lets anything else fail the page", async () => {
    expect(await refusable(async () => 42)).toEqual({ ok: true, value: 42 });
    expect(
      await refusable(async () => {
        throw new DomainError("invalid", 'No tenant with the id or key "x" in this workspace.', "tenant");
      }),
    ).toEqual({ ok: false, refusal: 'No tenant with the id or key "x" in this workspace.' });
    await expect(
      refusable(async () => {
        throw new DomainError("not_found", "No such delivery in this workspace.");
      }),
    ).rejects.toBeInstanceOf(DomainError);
    await expect(
      refusable(async () => {
        throw new Error("connection lost");
      }),
    ).rejects.toThrow("connection lost");
  });
});
