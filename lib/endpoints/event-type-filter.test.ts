import { describe, expect, it } from "vitest";
import { filterMatches, filtersMatching } from "@/lib/endpoints/event-type-filter";

describe("event type filters", () => {
  it("match exactly, by wildcard and by dotted prefix", () => {
    expect(filtersMatching("invoice.paid.late")).toEqual(["invoice.paid.late", "*", "invoice.*", "invoice.paid.*"]);
    expect(filterMatches(["invoice.paid"], "invoice.paid")).toBe(true);
    expect(filterMatches(["*"], "anything")).toBe(true);
    expect(filterMatches(["invoice.*"], "invoice.paid")).toBe(true);
    expect(filterMatches(["invoice.*"], "invoices.paid")).toBe(false);
    expect(filterMatches(["invoice.*"], "invoice")).toBe(false);
    expect(filterMatches(["invoice.paid"], "invoice.paid.late")).toBe(false);
  });
});
