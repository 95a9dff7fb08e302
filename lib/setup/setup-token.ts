// Until the owner exists, /setup opens from this machine, or from elsewhere with the token the
// launcher prints. The token is derived from AUTH_SECRET, which every instance shares, so each
// accepts the same one without storing it; once the owner exists, setup opens for nobody.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { clientAddress } from "@/lib/auth/client-address";
import { setting } from "@/lib/config/settings";
import { log } from "@/lib/log";

/** Who is asking to set up: from the machine Tern runs on (no proxy between), and the token they bring. */
export type SetupAccess = { fromThisMachine: boolean; token?: string };

/** The one-time setup token, or undefined without an AUTH_SECRET (then setup opens from this machine only). */
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

/**
 * Tells whoever runs Tern, in the web server's log, that setup was refused and which link opens
 * it: `next start` run by hand has no launcher to print it. The link names AUTH_URL or this
 * machine, never the request's Host, which would send the token wherever a visitor chose.
 */
export function reportRefusedSetup(headers: { get(name: string): string | null }): void {
  const link = setupLink(setting("AUTH_URL") ?? `http://localhost:${setting("PORT")}`);
  log.warn({ clientAddress: clientAddress(headers) }, `Setup refused to a request from another machine without the setup token; the setup link is ${link}`);
}
