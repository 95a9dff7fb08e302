// Until the owner exists, /setup opens from this machine, or from elsewhere with the token the
// launcher prints. The token is derived from AUTH_SECRET, which every instance shares, so each
// accepts the same one without storing it; once the owner exists, setup opens for nobody.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { clientAddress } from "@/lib/auth/client-address";
import { setting } from "@/lib/config/settings";
import { log } from "@/lib/log";

/** Who is asking to set up: from the machine Tern runs on (no proxy between), and the token they bring. */
export type SetupAccess = { fromThisMachine: boolean; token?: string };

/**
 * The one-time setup token, or undefined without an AUTH_SECRET (then setup opens from this machine
 * only). An HMAC of AUTH_SECRET rather than a random value: every instance accepts the same token
 * with nothing stored, and it needs no revoking, since setup closes for good once the owner exists.
 */
export function setupToken(): string | undefined {
  const secret = setting("AUTH_SECRET");
  return secret ? createHmac("sha256", secret).update("tern setup token").digest("base64url") : undefined;
}

/** The setup page's address with the token, for the person who started Tern. */
export function setupLink(baseUrl: string): string {
  const token = setupToken();
  return `${baseUrl.replace(/\/$/, "")}/setup${token ? `?token=${token}` : ""}`;
}

const digest = (text: string) => createHash("sha256").update(text).digest();

/** True when setup may go ahead for this request; the token is compared in constant time. */
export function maySetUp({ fromThisMachine, token }: SetupAccess): boolean {
  if (fromThisMachine) return true;
  const expected = setupToken();
  return expected !== undefined && token !== undefined && timingSafeEqual(digest(token), digest(expected));
}

// Next may load this module more than once in a process (in each bundle that imports it, and again
// after a change in development); the process's global object is what every copy shares.
const shared = globalThis as typeof globalThis & { ternSetupLinkLogged?: boolean };

/**
 * Tells whoever runs Tern, in the web server's log, that setup was refused, and the first time
 * which link opens it: `next start` run by hand has no launcher to print it, and a visitor who
 * reloads must not fill the log with the token. The link names AUTH_URL or this machine, never
 * the request's Host, which would send the token wherever a visitor chose.
 */
export function reportRefusedSetup(headers: { get(name: string): string | null }): void {
  const refused = "Setup refused to a request from another machine without the setup token";
  const withLink = !shared.ternSetupLinkLogged;
  shared.ternSetupLinkLogged = true;
  const message = withLink ? `${refused}; the setup link is ${setupLink(setting("AUTH_URL") ?? `http://localhost:${setting("PORT")}`)}` : refused;
  log.warn({ clientAddress: clientAddress(headers) }, message);
}
