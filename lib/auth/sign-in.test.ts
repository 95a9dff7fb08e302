// Sign-in through next-auth's own route handler, as the web server hands it a request: stamped with
// the socket it came from, with whatever X-Forwarded-For the client wrote. The sign-in form's server
// action runs against a faked request and cookie jar.
import type { IncomingHttpHeaders } from "node:http";
import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { stampSocketAddress } from "@/lib/auth/client-address";
import { handlers } from "@/lib/auth/next-auth";
import { DEVICE_COOKIE, deviceCookieAfterSignIn } from "@/lib/auth/sign-in-limit";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { createUser } from "@/lib/users/users";
import { uniqueEmail } from "@/test/fixtures";

const action: { headers: Headers; jar: Map<string, { value: string; options?: unknown }> } = { headers: new Headers(), jar: new Map() };
vi.mock("next/headers", () => ({
  headers: async () => action.headers,
  cookies: async () => ({
    get: (name: string) => (action.jar.has(name) ? { name, value: action.jar.get(name)!.value } : undefined),
    set: (name: string, value: string, options?: unknown) => void action.jar.set(name, { value, options }),
  }),
}));

const origin = "http://localhost:3000";
const password = "the right password 123";

/** The socket, what the client wrote in X-Forwarded-For, and the tern-device cookie it sends. */
type From = { socket: string; forwardedFor?: string; device?: string };

function requestHeaders({ socket, forwardedFor }: From): Headers {
  const headers: IncomingHttpHeaders = forwardedFor ? { "x-forwarded-for": forwardedFor } : {};
  stampSocketAddress(headers, socket);
  // Next's server adds the socket's address when the client named no sender.
  headers["x-forwarded-for"] ??= socket;
  return new Headers(headers as Record<string, string>);
}

/** "signed-in", or the code the sign-in form is sent back with ("credentials", "rate_limited", "busy"). */
async function signInAttempt(email: string, attempt: string, from: From): Promise<string> {
  const csrf = await handlers.GET(new NextRequest(`${origin}/api/auth/csrf`));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const headers = requestHeaders(from);
  const cookies = csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
  if (from.device) cookies.push(`${DEVICE_COOKIE}=${from.device}`);
  headers.set("cookie", cookies.join("; "));
  headers.set("content-type", "application/x-www-form-urlencoded");
  const body = new URLSearchParams({ email, password: attempt, csrfToken, callbackUrl: `${origin}/dashboard` });
  const response = await handlers.POST(new NextRequest(`${origin}/api/auth/callback/credentials`, { method: "POST", headers, body }));
  if (response.headers.getSetCookie().some((cookie) => cookie.startsWith("authjs.session-token="))) return "signed-in";
  return new URL(response.headers.get("location") ?? origin).searchParams.get("code") ?? `HTTP ${response.status}`;
}

/** Signs in through the sign-in form's server action; answers what it threw and the tern-device cookie it left. */
async function signInThroughForm(email: string, attempt: string, from: From, cookie = ""): Promise<{ thrown: unknown; device?: string }> {
  action.headers = requestHeaders(from);
  action.headers.set("host", "localhost:3000");
  action.headers.set("x-forwarded-proto", "http");
  action.headers.set("cookie", [cookie, from.device ? `${DEVICE_COOKIE}=${from.device}` : ""].filter(Boolean).join("; "));
  action.jar = new Map(from.device ? [[DEVICE_COOKIE, { value: from.device }]] : []);
  const thrown = await signInWithPassword(email, attempt).catch((error: unknown) => error);
  return { thrown, device: action.jar.get(DEVICE_COOKIE)?.value };
}

const redirectedTo = (path: string) => ({ digest: expect.stringContaining(path) });

async function newUser(): Promise<string> {
  const email = uniqueEmail("signin");
  await createUser(db, { email, password });
  return email;
}

describe("sign-in limits", () => {
  // Password checks have their own cap, tested last; these tests hash faster than its default.
  beforeEach(() => {
    process.env.TERN_PASSWORD_CHECKS_PER_SECOND = "1000";
  });
  afterEach(() => {
    delete process.env.TERN_PASSWORD_CHECKS_PER_SECOND;
    delete process.env.TERN_TRUSTED_PROXIES;
  });

  it("locks one address after five failures however the client rotates X-Forwarded-For, even for the right password", async () => {
    const email = await newUser();
    for (let i = 1; i <= 5; i++) {
      expect(await signInAttempt(email, "wrong", { socket: "203.0.113.7", forwardedFor: `198.51.100.${i}` })).toBe("credentials");
    }
    expect(await signInAttempt(email, password, { socket: "203.0.113.7", forwardedFor: "198.51.100.99" })).toBe("rate_limited");
    expect(await signInAttempt(email, password, { socket: "203.0.113.7" })).toBe("rate_limited");
    // Another address is not locked by them.
    expect(await signInAttempt(email, password, { socket: "203.0.113.8" })).toBe("signed-in");
  });

  it("lets no client fill another address's lock by naming that address", async () => {
    const email = await newUser();
    for (let i = 0; i < 6; i++) await signInAttempt(email, "wrong", { socket: "203.0.113.66", forwardedFor: "192.0.2.10" });
    expect(await signInAttempt(email, password, { socket: "192.0.2.10" })).toBe("signed-in");
  });

  it("behind a trusted proxy, keys on the address the proxy appended, not on what the client wrote", async () => {
    process.env.TERN_TRUSTED_PROXIES = "10.0.0.0/8";
    const email = await newUser();
    const viaProxy = (client: string, claimed: string) => ({ socket: "10.0.0.5", forwardedFor: `${claimed}, ${client}` });
    for (let i = 1; i <= 5; i++) expect(await signInAttempt(email, "wrong", viaProxy("198.51.100.20", `192.0.2.${i}`))).toBe("credentials");
    expect(await signInAttempt(email, password, viaProxy("198.51.100.20", "192.0.2.99"))).toBe("rate_limited");
    expect(await signInAttempt(email, password, viaProxy("198.51.100.21", "198.51.100.20"))).toBe("signed-in");
  });

  it("locks an account after twenty failures from any addresses, with the message an unknown account gets too", async () => {
    const email = await newUser();
    for (let i = 1; i <= 20; i++) expect(await signInAttempt(email, "wrong", { socket: `203.0.113.${100 + i}` })).toBe("credentials");
    expect(await signInAttempt(email, password, { socket: "192.0.2.200" })).toBe("rate_limited");

    const unknown = uniqueEmail("nobody");
    for (let i = 1; i <= 20; i++) await signInAttempt(unknown, "wrong", { socket: `203.0.113.${100 + i}` });
    expect(await signInAttempt(unknown, password, { socket: "192.0.2.200" })).toBe("rate_limited");
  });

  it("lets a browser that signed in to the account before past the account-wide lock, and no other", async () => {
    const email = await newUser();
    const { thrown, device } = await signInThroughForm(email, password, { socket: "192.0.2.50" });
    expect(thrown).toMatchObject(redirectedTo("/dashboard"));
    for (let i = 1; i <= 20; i++) expect(await signInAttempt(email, "wrong", { socket: `203.0.113.${100 + i}` })).toBe("credentials");

    expect(await signInAttempt(email, password, { socket: "192.0.2.51" })).toBe("rate_limited");
    expect(await signInAttempt(email, password, { socket: "192.0.2.51", device: deviceCookieAfterSignIn(undefined, uniqueEmail()) })).toBe("rate_limited");
    expect(await signInAttempt(email, password, { socket: "192.0.2.51", device: `${device}x` })).toBe("rate_limited");
    expect(await signInAttempt(email, password, { socket: "192.0.2.51", device })).toBe("signed-in");
    // Through the form too, which refreshes the proof.
    const again = await signInThroughForm(email, password, { socket: "192.0.2.52", device });
    expect(again.thrown).toMatchObject(redirectedTo("/dashboard"));
    expect(again.device).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(again.device).not.toBe(device);
  });

  it("still locks a known browser's own address after five failures", async () => {
    const email = await newUser();
    const { device } = await signInThroughForm(email, password, { socket: "192.0.2.60" });
    for (let i = 1; i <= 5; i++) expect(await signInAttempt(email, "wrong", { socket: "192.0.2.61", device })).toBe("credentials");
    expect(await signInAttempt(email, password, { socket: "192.0.2.61", device })).toBe("rate_limited");
  });

  it("gives a browser its proof for an accepted password only, for 180 days, out of scripts' reach", async () => {
    const email = await newUser();
    const refused = await signInThroughForm(email, "wrong", { socket: "192.0.2.70" });
    expect(refused.thrown).toMatchObject({ code: "invalid" });
    expect(refused.device).toBeUndefined();
    // Auth.js turns this request away before checking the password, and redirects all the same.
    const turnedAway = await signInThroughForm(email, "wrong", { socket: "192.0.2.70" }, "authjs.callback-url=javascript:alert(1)");
    expect(turnedAway.thrown).toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT/) });
    expect(turnedAway.device).toBeUndefined();

    await signInThroughForm(email, password, { socket: "192.0.2.70" });
    expect(action.jar.get(DEVICE_COOKIE)?.options).toEqual({ httpOnly: true, sameSite: "lax", path: "/", maxAge: 180 * 24 * 60 * 60, secure: false });
  });

  it("checks at most TERN_PASSWORD_CHECKS_PER_SECOND passwords and refuses the rest at once", async () => {
    process.env.TERN_PASSWORD_CHECKS_PER_SECOND = "1";
    const email = await newUser();
    const outcomes = await Promise.all([1, 2, 3, 4].map((i) => signInAttempt(email, "wrong", { socket: `198.51.100.${40 + i}` })));
    expect(outcomes).toContain("busy");
    expect(outcomes.filter((outcome) => outcome === "credentials").length).toBeLessThanOrEqual(2);
  });
});
