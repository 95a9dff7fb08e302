import { afterEach, describe, expect, it } from "vitest";
import { takePasswordCheck } from "@/lib/auth/password";
import {
  clearSignInFailures,
  DEVICE_COOKIE,
  deviceCookieAfterSignIn,
  isKnownDevice,
  isSignInLocked,
  MAX_FAILED_SIGN_INS,
  recordSignInFailure,
} from "@/lib/auth/sign-in-limit";
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

  it("spares a browser known to the account the account-wide lock, not its own address's", async () => {
    const email = uniqueEmail();
    for (let i = 1; i <= 20; i++) await recordSignInFailure(email, `198.51.100.${i}`);
    expect(await isSignInLocked(email, "192.0.2.1", { knownDevice: true })).toBe(false);
    expect(await isSignInLocked(email, "198.51.100.1", { knownDevice: false })).toBe(true);
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) await recordSignInFailure(email, "192.0.2.1");
    expect(await isSignInLocked(email, "192.0.2.1", { knownDevice: true })).toBe(true);
  });
});

describe("a browser's proof of the accounts it signed in to", () => {
  const sent = (cookie: string | undefined) => new Headers(cookie === undefined ? {} : { cookie: `other=1; ${DEVICE_COOKIE}=${cookie}; last=2` });

  it("proves the email it was issued for, in any case, and no other", () => {
    const email = uniqueEmail();
    const cookie = deviceCookieAfterSignIn(undefined, email);
    expect(isKnownDevice(sent(cookie), email)).toBe(true);
    expect(isKnownDevice(sent(cookie), email.toUpperCase())).toBe(true);
    expect(isKnownDevice(sent(cookie), uniqueEmail())).toBe(false);
    expect(isKnownDevice(sent(undefined), email)).toBe(false);
  });

  it("is refused once tampered with, or copied onto another nonce", () => {
    const email = uniqueEmail();
    const proof = deviceCookieAfterSignIn(undefined, email)!;
    const [nonce, mac] = proof.split(".") as [string, string];
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === "A" ? "B" : "A") + text.slice(at + 1);
    for (const forged of [`${flip(nonce, 0)}.${mac}`, `${nonce}.${flip(mac, 5)}`, `${nonce}.${mac}x`, `${nonce}.`, "", "~~", `${nonce}.${mac.slice(1)}`]) {
      expect(isKnownDevice(sent(forged), email)).toBe(false);
    }
  });

  it("keeps the last five accounts, one proof each, the newest first", () => {
    const emails = Array.from({ length: 6 }, () => uniqueEmail());
    let cookie: string | undefined;
    for (const email of emails) cookie = deviceCookieAfterSignIn(cookie, email);
    expect(emails.map((email) => isKnownDevice(sent(cookie), email))).toEqual([false, true, true, true, true, true]);

    const again = deviceCookieAfterSignIn(cookie, emails[3]!)!;
    expect(again.split("~")).toHaveLength(5);
    expect(isKnownDevice(sent(again.split("~")[0]), emails[3]!)).toBe(true);
    expect(emails.map((email) => isKnownDevice(sent(again), email))).toEqual([false, true, true, true, true, true]);
    // A proof for the same account is replaced, not kept beside the new one.
    expect(again).not.toContain(cookie!.split("~")[2]);
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
