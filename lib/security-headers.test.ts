// The headers as next.config.ts and proxy.ts set them; e2e/05-security-headers.spec.ts checks
// what a browser receives from the production server.
import { getPathMatch } from "next/dist/shared/lib/router/utils/path-match";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { proxy } from "@/proxy";

/** The fixed headers Next sets on a response for `pathname`, later rules overriding earlier ones. */
async function configuredHeaders(pathname: string): Promise<Record<string, string>> {
  const rules = (await nextConfig.headers?.()) ?? [];
  const matching = rules.filter((rule) => getPathMatch(rule.source, { strict: true })(pathname) !== false);
  return Object.fromEntries(matching.flatMap((rule) => rule.headers.map(({ key, value }) => [key.toLowerCase(), value])));
}

async function pageHeaders(pathname: string): Promise<{ request: Headers; response: Headers }> {
  const response = await proxy(new NextRequest(`http://localhost:3000${pathname}`));
  if (!response) throw new Error(`the proxy passed ${pathname} through untouched`);
  // NextResponse.next hands the request headers it changed to Next in x-middleware-request-* headers.
  const request = new Headers();
  for (const [key, value] of response.headers) if (key.startsWith("x-middleware-request-")) request.set(key.slice("x-middleware-request-".length), value);
  return { request, response: response.headers };
}

describe("security headers", () => {
  afterEach(() => {
    delete process.env.AUTH_URL;
  });

  it("are on every response: nosniff, a same-origin referrer, no powerful features", async () => {
    for (const pathname of ["/", "/sign-in", "/api/v1/events", "/_next/static/chunks/main.js"]) {
      expect(await configuredHeaders(pathname)).toMatchObject({
        "x-content-type-options": "nosniff",
        "referrer-policy": "same-origin",
        "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
      });
    }
  });

  it("forbid framing the console and the API, but leave /portal to say who may frame it", async () => {
    for (const pathname of ["/", "/sign-in", "/setup", "/dashboard", "/settings/api-keys", "/api/v1/events", "/portals"]) {
      expect((await configuredHeaders(pathname))["x-frame-options"]).toBe("DENY");
    }
    for (const pathname of ["/portal", "/portal/", "/portal/app_123"]) {
      expect(await configuredHeaders(pathname)).not.toHaveProperty("x-frame-options");
    }
  });

  it("let nothing in an API response load or run", async () => {
    expect((await configuredHeaders("/api/v1/events"))["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect((await configuredHeaders("/api/health"))["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(await configuredHeaders("/dashboard")).not.toHaveProperty("content-security-policy");
  });

  it("give each page a script nonce of its own, in the policy the browser gets and the one Next reads", async () => {
    const first = await pageHeaders("/sign-in");
    const policy = first.response.get("content-security-policy")!;
    const nonce = /'nonce-([A-Za-z0-9+/]+=*)'/.exec(policy)?.[1];
    expect(nonce).toBeDefined();
    expect(policy).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("base-uri 'none'");
    expect(first.request.get("content-security-policy")).toBe(policy);
    expect((await pageHeaders("/sign-in")).response.get("content-security-policy")).not.toContain(nonce);
  });

  it("send Strict-Transport-Security only when the console's public URL is https", async () => {
    expect((await pageHeaders("/dashboard")).response.get("strict-transport-security")).toBeNull();
    expect((await pageHeaders("/dashboard")).response.get("content-security-policy")).not.toContain("upgrade-insecure-requests");
    process.env.AUTH_URL = "http://tern.internal:3000";
    expect((await pageHeaders("/dashboard")).response.get("strict-transport-security")).toBeNull();
    process.env.AUTH_URL = "https://tern.example.com";
    expect((await pageHeaders("/dashboard")).response.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect((await pageHeaders("/dashboard")).response.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });

  it("leave API requests to their handlers", async () => {
    expect(await proxy(new NextRequest("http://localhost:3000/api/v1/events"))).toBeUndefined();
  });
});
