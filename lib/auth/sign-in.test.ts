// Sign-in through next-auth's own route handler, as the web server hands it a request: stamped with
// the socket it came from, with whatever X-Forwarded-For the client wrote.
import type { IncomingHttpHeaders } from "node:http";
import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db";
import { stampSocketAddress } from "@/lib/auth/client-address";
import { handlers } from "@/lib/auth/next-auth";
import { createUser } from "@/lib/users/users";
import { uniqueEmail } from "@/test/fixtures";

const origin = "http://localhost:3000";
const password = "the right password 123";

type From = { socket: string; forwardedFor?: string };

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
  headers.set(
    "cookie",
    csrf.headers
      .getSetCookie()
      .map((cookie) => cookie.split(";")[0])
      .join("; "),
  );
  headers.set("content-type", "application/x-www-form-urlencoded");
  const body = new URLSearchParams({ email, password: attempt, csrfToken, callbackUrl: `${origin}/dashboard` });
  const response = await handlers.POST(new NextRequest(`${origin}/api/auth/callback/credentials`, { method: "POST", headers, body }));
  if (response.headers.getSetCookie().some((cookie) => cookie.startsWith("authjs.session-token="))) return "signed-in";
  return new URL(response.headers.get("location") ?? origin).searchParams.get("code") ?? `HTTP ${response.status}`;
}

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

  it("checks at most TERN_PASSWORD_CHECKS_PER_SECOND passwords and refuses the rest at once", async () => {
    process.env.TERN_PASSWORD_CHECKS_PER_SECOND = "1";
    const email = await newUser();
    const outcomes = await Promise.all([1, 2, 3, 4].map((i) => signInAttempt(email, "wrong", { socket: `198.51.100.${40 + i}` })));
    expect(outcomes).toContain("busy");
    expect(outcomes.filter((outcome) => outcome === "credentials").length).toBeLessThanOrEqual(2);
  });
});
