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

  it("select Tern's operational types only when named: never by * or another prefix", () => {
    expect(filtersMatching("tern.delivery.failing")).toEqual(["tern.delivery.failing", "tern.*", "tern.delivery.*"]);
    expect(filterMatches(["*"], "tern.delivery.failing")).toBe(false);
    expect(filterMatches(["invoice.*"], "tern.delivery.failing")).toBe(false);
    expect(filterMatches(["*", "invoice.*"], "tern.endpoint.disabled")).toBe(false);
    expect(filterMatches(["tern.*"], "tern.delivery.failing")).toBe(true);
    expect(filterMatches(["tern.delivery.*"], "tern.delivery.failing")).toBe(true);
    expect(filterMatches(["tern.delivery.*"], "tern.endpoint.disabled")).toBe(false);
    expect(filterMatches(["tern.endpoint.disabled"], "tern.endpoint.disabled")).toBe(true);
    // "*" still selects the operator's own types beside them.
    expect(filterMatches(["*", "tern.*"], "invoice.paid")).toBe(true);
  });
});
