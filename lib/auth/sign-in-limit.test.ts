import { afterEach, describe, expect, it } from "vitest";
import { takePasswordCheck } from "@/lib/auth/password";
import { clearSignInFailures, isSignInLocked, MAX_FAILED_SIGN_INS, recordSignInFailure } from "@/lib/auth/sign-in-limit";
import { uniqueEmail } from "@/test/fixtures";

describe("failed sign-in limit", () => {
  it("locks an email + address after too many failures, and only that pair", async () => {
    const email = uniqueEmail();
    for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++) await recordSignInFailure(email, "203.0.113.7");
    expect(await isSignInLocked(email, "203.0.113.7")).toBe(false);
    await recordSignInFailure(email.toUpperCase(), "203.0.113.7");
    expect(await isSignInLocked(email, "203.0.113.7")).toBe(true);
    expect(await isSignInLocked(email, "198.51.100.1")).toBe(false);
    expect(await isSignInLocked(uniqueEmail(), "203.0.113.7")).toBe(false);

    await clearSignInFailures(email, "203.0.113.7");
    expect(await isSignInLocked(email, "203.0.113.7")).toBe(false);
  });

  it("locks the account from every address after twenty failures from many", async () => {
    const email = uniqueEmail();
    for (let i = 1; i < 20; i++) await recordSignInFailure(email, `198.51.100.${i}`);
    expect(await isSignInLocked(email, "192.0.2.1")).toBe(false);
    await recordSignInFailure(email, "198.51.100.20");
    expect(await isSignInLocked(email, "192.0.2.1")).toBe(true);
    expect(await isSignInLocked(uniqueEmail(), "192.0.2.1")).toBe(false);
  });
});

describe("password checks per process", () => {
  afterEach(() => {
    delete process.env.TERN_PASSWORD_CHECKS_PER_SECOND;
  });

  it("allow one second's worth at once, then the steady rate", () => {
    process.env.TERN_PASSWORD_CHECKS_PER_SECOND = "4";
    const start = Date.now() + 60_000;
    const taken = () => Array.from({ length: 6 }, () => takePasswordCheck(start)).filter(Boolean).length;
    expect(taken()).toBe(4);
    expect(takePasswordCheck(start + 200)).toBe(false);
    expect(takePasswordCheck(start + 300)).toBe(true);
    expect(takePasswordCheck(start + 300)).toBe(false);
  });
});
