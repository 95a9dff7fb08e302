import { describe, expect, it } from "vitest";
import { afterSignIn, safeReturnPath, signInPath } from "@/lib/auth/return-path";

describe("the page to return to after sign-in", () => {
  it("is any path of this site, with its query and fragment", () => {
    expect(safeReturnPath("/deliveries?status=failed")).toBe("/deliveries?status=failed");
    expect(safeReturnPath("/events/evt_01jabc?tenant=acme#attempts")).toBe("/events/evt_01jabc?tenant=acme#attempts");
    expect(safeReturnPath("/settings/members")).toBe("/settings/members");
  });

  it("is never another site: absolute, protocol-relative and scheme URLs are refused", () => {
    for (const value of [
      "https://evil.example/",
      "http://evil.example",
      "//evil.example",
      "//evil.example/deliveries",
      "///evil.example",
      "javascript:alert(1)",
      "data:text/html,hi",
      "evil.example",
      "deliveries",
      "",
    ]) {
      expect(safeReturnPath(value), value).toBeUndefined();
    }
  });

  it("refuses backslashes, which browsers read as slashes", () => {
    for (const value of ["/\\evil.example", "/\\/evil.example", "\\\\evil.example", "/deliveries\\..\\"]) {
      expect(safeReturnPath(value), value).toBeUndefined();
    }
  });

  it("refuses control characters, which URL parsing drops to leave //evil", () => {
    for (const value of ["/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "/\u0000/evil.example"]) {
      expect(safeReturnPath(value), JSON.stringify(value)).toBeUndefined();
    }
  });

  it("refuses dot segments that resolve to a protocol-relative path", () => {
    for (const value of ["/..//evil.example", "/.//evil.example", "/%2e%2e//evil.example", "/a/../..//evil.example"]) {
      expect(safeReturnPath(value), value).toBeUndefined();
    }
  });

  it("keeps encoded slashes encoded: they stay one path segment of this site", () => {
    expect(safeReturnPath("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
  });

  it("refuses the sign-in and setup pages, which would lead back to themselves", () => {
    for (const value of ["/sign-in", "/sign-in?next=/deliveries", "/setup", "/setup/"]) {
      expect(safeReturnPath(value), value).toBeUndefined();
    }
    expect(safeReturnPath("/sign-ins")).toBe("/sign-ins");
  });

  it("refuses anything but a string of reasonable length", () => {
    expect(safeReturnPath(undefined)).toBeUndefined();
    expect(safeReturnPath(["/deliveries"])).toBeUndefined();
    expect(safeReturnPath(`/${"a".repeat(2048)}`)).toBeUndefined();
  });

  it("leads to the dashboard when there is nothing safe to return to", () => {
    expect(afterSignIn("/deliveries?status=failed")).toBe("/deliveries?status=failed");
    expect(afterSignIn("//evil.example")).toBe("/dashboard");
    expect(afterSignIn(undefined)).toBe("/dashboard");
  });
});

describe("the sign-in path for a signed-out visitor", () => {
  it("carries the page they asked for", () => {
    expect(signInPath("/deliveries?status=failed")).toBe("/sign-in?next=%2Fdeliveries%3Fstatus%3Dfailed");
    expect(new URL(signInPath("/deliveries?status=failed&type=invoice.*"), "http://x").searchParams.get("next")).toBe(
      "/deliveries?status=failed&type=invoice.*",
    );
  });

  it("carries nothing when the dashboard is where signing in leads anyway, or the page is not safe", () => {
    for (const value of [undefined, "/", "/dashboard", "//evil.example", "https://evil.example"]) {
      expect(signInPath(value), String(value)).toBe("/sign-in");
    }
  });
});
