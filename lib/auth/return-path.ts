import { headers } from "next/headers";

/** The page a request asked for (path and query), set by proxy.ts so a redirect to sign-in can come back to it. */
export const REQUESTED_PATH_HEADER = "x-tern-requested-path";

/** The query parameter of /sign-in naming the page to return to. */
export const RETURN_PARAM = "next";

const AFTER_SIGN_IN = "/dashboard";
// Any absolute URL resolved against this base and still on it was a path of this site.
const BASE = "http://tern.invalid";

/**
 * `value` as a path of this site to send someone to after signing in, or undefined when it is
 * anything else: absolute and protocol-relative URLs (`https://evil`, `//evil`), backslashes,
 * which browsers read as slashes (`/\evil`), and control characters, which URL parsing drops
 * (`/\t/evil`), would all lead elsewhere. The sign-in and setup pages would lead back to themselves.
 */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length > 2048) return undefined;
  if (!value.startsWith("/") || value.startsWith("//") || /[\\\p{Cc}]/u.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return undefined;
  }
  // Dot segments are resolved by now: "/..//evil" has become "//evil", protocol-relative again.
  if (url.origin !== BASE || url.pathname.startsWith("//")) return undefined;
  if (/^\/(sign-in|setup)(\/|$)/.test(url.pathname)) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** /sign-in, carrying the page to come back to unless that is where signing in leads anyway. */
export function signInPath(returnTo: string | undefined): string {
  const path = safeReturnPath(returnTo);
  if (path === undefined || path === AFTER_SIGN_IN || path === "/") return "/sign-in";
  return `/sign-in?${new URLSearchParams({ [RETURN_PARAM]: path })}`;
}

/** Where a console page sends a signed-out visitor: sign-in, then back to the page they asked for. */
export async function signInPathForThisRequest(): Promise<string> {
  return signInPath((await headers()).get(REQUESTED_PATH_HEADER) ?? undefined);
}

/** Where to go once signed in: the page asked for when it is one of this site's, else the dashboard. */
export function afterSignIn(returnTo: string | undefined): string {
  return safeReturnPath(returnTo) ?? AFTER_SIGN_IN;
}
