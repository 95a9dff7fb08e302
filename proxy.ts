import { problem } from "@/lib/api/problem";

// Next decodes a dynamic route's params before any handler runs, and a malformed %-escape there
// makes it answer a bare 500; answered here first, the client learns what was wrong with its URL.
export function proxy(request: Request): Response | undefined {
  const { pathname } = new URL(request.url);
  const segment = pathname.split("/").find((part) => !decodes(part));
  if (segment === undefined) return undefined;
  const detail = `The path segment "${segment}" has a malformed %-escape: write % as %25, and percent-encode text as UTF-8.`;
  if (pathname.startsWith("/api/")) return problem(400, detail);
  return new Response(`400 Bad Request\n\n${detail}\n`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
}

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

// Only paths with a % in them: every other request skips the proxy.
export const config = { matcher: "/:path(.*%.*)" };
