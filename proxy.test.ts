// Malformed %-escapes in a path: Next would fail decoding the route's params with a bare 500.
import * as pageStaticInfo from "next/dist/build/analysis/get-page-static-info";
import { getMiddlewareRouteMatcher } from "next/dist/shared/lib/router/utils/middleware-route-matcher";
import { describe, expect, it } from "vitest";
import { REQUESTED_PATH_HEADER } from "@/lib/auth/return-path";
import { config, proxy } from "@/proxy";

// Next's compiler of matchers, which its types leave out: the server tests paths against what it builds.
const { getMiddlewareMatchers } = pageStaticInfo as unknown as {
  getMiddlewareMatchers: (matcher: typeof config.matcher, nextConfig: object) => pageStaticInfo.ProxyMatcher[];
};

describe("the proxy", () => {
  it("answers problem+json 400 for an API path with a malformed escape, naming the segment", async () => {
    for (const path of ["/api/v1/endpoints/%E0%A4%A", "/api/v1/events/%", "/api/v1/event-types/%zz/x", "/api/v1/deliveries/%ED%A0%80"]) {
      const response = await proxy(new Request(`http://localhost${path}`));
      expect(response?.status, path).toBe(400);
      expect(response?.headers.get("content-type")).toBe("application/problem+json");
      const problem = await response!.json();
      expect(problem).toMatchObject({ type: "about:blank", status: 400 });
      expect(problem.detail).toContain(path.split("/").at(path.endsWith("/x") ? -2 : -1));
    }
  });

  it("answers a plain 400 for a console path with a malformed escape", async () => {
    const response = await proxy(new Request("http://localhost/deliveries/%E0%A4%A"));
    expect(response?.status).toBe(400);
    expect(response?.headers.get("content-type")).toMatch(/^text\/plain/);
  });

  it("lets well-formed escapes through to the route", async () => {
    for (const path of ["/api/v1/event-types/a%20b", "/api/v1/endpoints/%00", "/deliveries/%E2%82%AC", "/api/v1/events"]) {
      expect((await proxy(new Request(`http://localhost${path}`)))?.status ?? 200, path).toBe(200);
    }
  });

  it("hands a page the path and query it was asked for, so a sign-in can return to it", async () => {
    const response = await proxy(new Request("http://localhost/deliveries?status=failed&type=invoice.*&_rsc=1x2y"));
    // Next passes the headers a proxy sets on the request to the page as x-middleware-request-* headers.
    expect(response?.headers.get(`x-middleware-request-${REQUESTED_PATH_HEADER}`)).toBe("/deliveries?status=failed&type=invoice.*");
    const plain = await proxy(new Request("http://localhost/settings/members"));
    expect(plain?.headers.get(`x-middleware-request-${REQUESTED_PATH_HEADER}`)).toBe("/settings/members");
  });

  it("runs, by its matcher as Next compiles it, for every path with a % in it, API paths included", () => {
    const matches = getMiddlewareRouteMatcher(getMiddlewareMatchers(config.matcher, {}));
    const matched = (path: string) => matches(path, { headers: {} } as never, {});
    expect(matched("/api/v1/endpoints/%E0%A4%A")).toBe(true);
    expect(matched("/api/v1/events/%")).toBe(true);
    expect(matched("/deliveries/%zz")).toBe(true);
    expect(matched("/api/v1/events")).toBe(false);
  });
});
