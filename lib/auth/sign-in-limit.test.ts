import { describe, expect, it } from "vitest";
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
});
