import { headers } from "next/headers";
import { setting } from "@/lib/config/settings";

/** Where people reach Tern, for commands and links the console shows: AUTH_URL when set, else the host this page was asked of. */
export async function publicOrigin(): Promise<string> {
  const configured = setting("AUTH_URL");
  if (configured) return new URL(configured).origin;
  const request = await headers();
  // Behind proxies these may list every hop; the first is the one the browser asked.
  const first = (name: string) => request.get(name)?.split(",")[0]?.trim() || undefined;
  const host = first("x-forwarded-host") ?? first("host") ?? `localhost:${setting("PORT")}`;
  const protocol = first("x-forwarded-proto") ?? "http";
  return `${protocol}://${host}`;
}
