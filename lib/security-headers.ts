// The security headers of Tern's responses. next.config.ts sets the fixed ones at build time;
// proxy.ts sets each page's Content Security Policy, whose script nonce is new for every response.
// No imports: next.config.ts loads this file outside the app's module aliases.

type Header = { key: string; value: string };

/** On every response: pages, the API and static files. */
export const EVERY_RESPONSE_HEADERS: Header[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Console URLs name workspaces' endpoints and deliveries; other sites learn none of them.
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

/** Paths that may never be framed: all but /portal, which will name the sites that embed it in its own frame-ancestors. */
export const UNFRAMEABLE_PATHS = "/((?!portal(?:/|$)).*)";

/** For browsers that predate CSP's frame-ancestors. */
export const NO_FRAMING_HEADERS: Header[] = [{ key: "X-Frame-Options", value: "DENY" }];

/** API responses are data: nothing in them may load or run, nor be framed. */
export const API_HEADERS: Header[] = [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }];

type PagePolicy = {
  /** New for every response: only scripts carrying it run. */
  nonce: string;
  /** Who may frame the page; nobody unless a page says so. */
  frameAncestors?: string[];
  /** Origins images may come from besides this one (the portal's logo). */
  imageSources?: string[];
  /** `next dev`: React rebuilds server error stacks with eval. */
  development?: boolean;
  /** Served over https: plain-http subresources are upgraded. */
  https?: boolean;
};

/** A page's Content Security Policy: scripts by nonce ('strict-dynamic' lets them load Next's chunks), the rest from this origin. */
export function pageContentSecurityPolicy({ nonce, frameAncestors = ["'none'"], imageSources = [], development = false, https = false }: PagePolicy): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // React renders style attributes (charts, progress bars); styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    ["img-src 'self' data: blob:", ...imageSources].join(" "),
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors.join(" ")}`,
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Strict-Transport-Security when the console's public URL is https, else nothing: over http a browser ignores it. */
export function strictTransportSecurity(publicUrl: string | undefined): Header[] {
  return publicUrl?.startsWith("https://") ? [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }] : [];
}
