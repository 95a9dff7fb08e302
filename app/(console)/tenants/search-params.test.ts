// The Tenants list reads its URL with parseSearchParams: a crafted query string falls back to
// defaults and is named, and nothing reaches listTenants that it would refuse.
import { describe, expect, it } from "vitest";
import { encodeCursor } from "@/lib/api/pagination";
import { parseSearchParams } from "@/lib/console/search-params";
import { newId } from "@/lib/ids";
import { tenantSearch, tenantsSearch } from "./search-params";

describe("the Tenants pages' search parameters", () => {
  it("keep a search, a cursor of the API's own and the key of a deleted tenant", () => {
    const cursor = encodeCursor({ createdAt: new Date("2026-11-22T10:00:00.000Z"), id: newId("tnt") });
    expect(parseSearchParams(tenantsSearch, { search: "  acme ", cursor, deleted: "cus_1" })).toEqual({
      values: { search: "acme", cursor, deleted: "cus_1" },
      ignored: [],
    });
  });

  it("ignore what the list could not use, and keep the rest", () => {
    const { values, ignored } = parseSearchParams(tenantsSearch, { search: "x".repeat(129), cursor: "abc", deleted: "tnt_01", unrelated: "1" });
    expect(values).toEqual({});
    expect(ignored.sort()).toEqual(["cursor", "deleted", "search"]);
    expect(parseSearchParams(tenantsSearch, { search: ["a\u0000", "b"], cursor: "" })).toEqual({ values: {}, ignored: ["search"] });
    expect(parseSearchParams(tenantSearch, { created: ["1", "2"] }).values.created).toBe("1");
    expect(parseSearchParams(tenantSearch, { created: "yes" })).toEqual({ values: {}, ignored: ["created"] });
  });
});
