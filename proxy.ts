import { NextResponse } from "next/server";
import { problem } from "@/lib/api/problem";
import { REQUESTED_PATH_HEADER } from "@/lib/auth/return-path";
import { setting } from "@/lib/config/settings";
import { cachedPortalFraming, type PortalFraming } from "@/lib/portal/settings";
import { pageContentSecurityPolicy, strictTransportSecurity } from "@/lib/security-headers";

// Next decodes a dynamic route's params before any handler runs, and a malformed %-escape there
// makes it answer a bare 500; answered here first, the client learns what was wrong with its URL.
export async function proxy(request: Request): Promise<Response | undefined> {
  const { pathname } = new URL(request.url);
  const segment = pathname.split("/").find((part) => !decodes(part));
  if (segment === undefined) return pathname.startsWith("/api/") ? undefined : withPageSecurityHeaders(request, await portalFramingFor(pathname));
  const detail = `The path segment "${segment}" has a malformed %-escape: write % as %25, and percent-encode text as UTF-8.`;
  if (pathname.startsWith("/api/")) return problem(400, detail);
  return new Response(`400 Bad Request\n\n${detail}\n`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
}

// The portal is framed by the sites its workspace allows (nobody by default); every other page by nobody.
async function portalFramingFor(pathname: string): Promise<PortalFraming | undefined> {
  const workspaceId = /^\/portal\/([^/]+)/.exec(pathname)?.[1];
  return workspaceId === undefined ? undefined : cachedPortalFraming(workspaceId);
}

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

// A page's scripts run only with the nonce of its own response; Next reads it from the request's
// Content-Security-Policy and puts it on every script it renders.
function withPageSecurityHeaders(request: Request, framing: PortalFraming | undefined): Response {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const publicUrl = setting("AUTH_URL");
  const policy = pageContentSecurityPolicy({
    nonce,
    ...framing,
    development: process.env.NODE_ENV === "development",
    https: publicUrl?.startsWith("https://"),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  requestHeaders.set(REQUESTED_PATH_HEADER, requestedPath(request.url));
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  for (const { key, value } of strictTransportSecurity(publicUrl)) response.headers.set(key, value);
  return response;
}

// The page as the visitor would link to it, without the router's cache-busting _rsc parameter.
function requestedPath(requestUrl: string): string {
  const url = new URL(requestUrl);
  if (url.searchParams.has("_rsc")) url.searchParams.delete("_rsc");
  return `${url.pathname}${url.search}`;
}

// Paths with a % in them, and pages (not the API, /metrics, static files or prefetches); other requests skip the proxy.
export const config = {
  matcher: [
    "/:path(.*%.*)",
    {
      source: "/((?!api/|metrics$|_next/static/|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
