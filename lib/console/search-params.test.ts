// Every console page that reads its URL parses it here first: crafted query strings fall back
// to defaults and are named, and nothing reaches a query that PostgreSQL or the page would fail on.
import { describe, expect, it } from "vitest";
import { dashboardSearch } from "@/app/(console)/dashboard/search-params";
import { deliveriesSearch } from "@/app/(console)/deliveries/search-params";
import { endpointSearch, endpointsSearch, newEndpointSearch } from "@/app/(console)/endpoints/search-params";
import { eventsSearch } from "@/app/(console)/events/search-params";
import { encodeCursor } from "@/lib/api/pagination";
import { parseSearchParams } from "@/lib/console/search-params";
import { newId } from "@/lib/ids";

const cursor = encodeCursor({ createdAt: new Date("2026-11-22T10:00:00.000Z"), id: newId("dlv") });

describe("parseSearchParams", () => {
  it("falls back to the default for a range that is an Object.prototype name", () => {
    for (const range of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      expect(parseSearchParams(dashboardSearch, { range })).toEqual({ values: { range: "24h" }, ignored: ["range"] });
      expect(parseSearchParams(deliveriesSearch, { range }).values.range).toBe("all");
    }
  });

  it("drops cursors the API did not make, and keeps its own", () => {
    for (const schema of [deliveriesSearch, eventsSearch, endpointsSearch]) {
      expect(parseSearchParams(schema, { cursor: "abc" })).toMatchObject({ ignored: ["cursor"] });
      expect(parseSearchParams(schema, { cursor: "abc" }).values.cursor).toBeUndefined();
      expect(parseSearchParams(schema, { cursor })).toMatchObject({ values: { cursor }, ignored: [] });
    }
  });

  it("reads a repeated parameter as its first value", () => {
    expect(parseSearchParams(dashboardSearch, { range: ["7d", "1h"] }).values.range).toBe("7d");
    expect(parseSearchParams(deliveriesSearch, { status: ["failed", "succeeded"], eventId: [" evt_1 ", "x"] }).values).toMatchObject({
      status: "failed",
      eventId: "evt_1",
    });
    expect(parseSearchParams(endpointSearch, { created: ["1", "1"] }).values.created).toBe("1");
  });

  it("ignores NUL and unpaired surrogates, wherever they are", () => {
    const crafted = { endpointId: "ep_\u0000", eventType: "a\u0000b", eventId: "evt_\ud800", status: "failed" };
    const { values, ignored } = parseSearchParams(deliveriesSearch, crafted);
    expect(values).toEqual({ status: "failed", order: "newest", range: "all" });
    expect(ignored.sort()).toEqual(["endpointId", "eventId", "eventType"]);
    expect(parseSearchParams(eventsSearch, { type: "a\u0000" })).toEqual({ values: {}, ignored: ["type"] });
  });

  it("keeps the valid parameters beside the refused ones, and treats empty ones as absent", () => {
    const endpointId = newId("ep");
    expect(parseSearchParams(dashboardSearch, { range: "7d", endpointId: "not-an-id" })).toEqual({ values: { range: "7d" }, ignored: ["endpointId"] });
    expect(parseSearchParams(dashboardSearch, { range: "", endpointId })).toEqual({ values: { range: "24h", endpointId }, ignored: [] });
    const { values, ignored } = parseSearchParams(deliveriesSearch, { status: "bogus", order: "oldest", eventType: "x".repeat(500), unrelated: "1" });
    expect(values).toEqual({ order: "oldest", range: "all" });
    expect(ignored.sort()).toEqual(["eventType", "status"]);
  });

  it("reads a tenant by id or key on every list, and drops one no tenant can have", () => {
    const id = newId("tnt");
    for (const schema of [dashboardSearch, deliveriesSearch, eventsSearch, endpointsSearch, newEndpointSearch]) {
      expect(parseSearchParams(schema, { tenant: id })).toMatchObject({ values: { tenant: id }, ignored: [] });
      expect(parseSearchParams(schema, { tenant: ["cus_42@acme.example", id] })).toMatchObject({ values: { tenant: "cus_42@acme.example" }, ignored: [] });
      for (const tenant of ["has space", "a/b", "x".repeat(129), "cus\u0000"]) {
        const { values, ignored } = parseSearchParams(schema, { tenant });
        expect(values.tenant, tenant).toBeUndefined();
        expect(ignored, tenant).toEqual(["tenant"]);
      }
      expect(parseSearchParams(schema, { tenant: "" })).toMatchObject({ ignored: [] });
    }
    expect(parseSearchParams(deliveriesSearch, { tenant: id, status: "failed", endpointId: "ep_1" }).values).toMatchObject({
      tenant: id,
      status: "failed",
      endpointId: "ep_1",
    });
  });
});
