import { expect, type Page, test } from "@playwright/test";
import { invite, joinWithNewAccount, owner, ownerSession, signIn, signOut } from "./helpers";

test.use({ storageState: ownerSession });

const lockedOut = "locked-out@example.test";
const wrongCredentials = "That email and password do not match an account.";
const tooMany = "Too many failed attempts. Wait 15 minutes, then try again.";

/** One sign-in from this machine, with an X-Forwarded-For the client made up (or none). */
async function attemptSignIn(page: Page, password: string, forwardedFor?: string) {
  await page.setExtraHTTPHeaders(forwardedFor ? { "x-forwarded-for": forwardedFor } : {});
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(lockedOut);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a client rotating X-Forwarded-For is locked out all the same, and naming another address does not let it in", async ({ page }) => {
  // An account of its own, so the owner is never locked out for the specs after this one.
  const link = await invite(page, lockedOut, "viewer");
  await signOut(page);
  const password = "locked-out password 1234";
  await joinWithNewAccount(page, link, password);
  await signOut(page);

  for (let i = 1; i <= 5; i++) {
    await attemptSignIn(page, "not the password", `198.51.100.${i}`);
    await expect(page.getByRole("alert").filter({ hasText: wrongCredentials })).toBeVisible();
  }
  // The right password, from a "new" address and from none: the lock on this machine holds.
  for (const forwardedFor of ["203.0.113.77", "127.0.0.2, 10.0.0.1", undefined]) {
    await attemptSignIn(page, password, forwardedFor);
    await expect(page.getByRole("alert").filter({ hasText: tooMany })).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in$/);
  }

  // The lock is this account's from this address only: the owner still signs in.
  await page.setExtraHTTPHeaders({});
  await signIn(page, owner.email, owner.password);
  await signOut(page);
});
