import { type Browser, type BrowserContextOptions, expect, type Page, test } from "@playwright/test";
import { invite, joinWithNewAccount, owner, ownerSession, screenshot, signedOut, signIn, signOut } from "./helpers";

test.describe.configure({ mode: "serial" });
test.use({ storageState: ownerSession });

const newcomer = { email: "newcomer@example.test", password: "newcomer password 1234" };

/** A browser of its own, so two people (or one person on two devices) are signed in at once: signed out, or as the owner. */
async function openBrowser(browser: Browser, storageState: BrowserContextOptions["storageState"] = signedOut): Promise<Page> {
  return (await browser.newContext({ storageState })).newPage();
}

test("an invitation link creates an account with a password the invitee chooses, and works once", async ({ page }) => {
  const link = await invite(page, newcomer.email, "admin");
  expect(link).toMatch(/\/invite\/[\w-]{43}$/);
  await expect(page.getByText("Tern does not send email yet, so pass the link on yourself.")).toBeVisible();
  await expect(page.getByRole("table", { name: "Pending invitations" }).getByRole("cell", { name: newcomer.email, exact: true })).toBeVisible();
  await screenshot(page, "invitation-created");
  await signOut(page);

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Join Acme Billing" })).toBeVisible();
  await expect(page.getByText(`${owner.email} invited ${newcomer.email} to join Acme Billing as admin.`)).toBeVisible();
  await page.getByLabel("Choose a password").fill("short");
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
  await screenshot(page, "invitation-new-account");
  await joinWithNewAccount(page, link, newcomer.password);
  await signOut(page);

  await signIn(page, newcomer.email, newcomer.password);
  await signOut(page);
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This invitation link does not work" })).toBeVisible();
  await page.goto("/invite/not-a-token");
  await expect(page.getByRole("heading", { name: "This invitation link does not work" })).toBeVisible();
});

test("a removed member's session ends on their next request, and the keys they created can go with them", async ({ browser }) => {
  const memberPage = await openBrowser(browser);
  await signIn(memberPage, newcomer.email, newcomer.password);
  await memberPage.goto("/settings/api-keys");
  await memberPage.getByLabel("Name").fill("newcomer-ci");
  await memberPage.getByRole("button", { name: "Create key" }).click();
  await expect(memberPage.getByTestId("new-api-key")).toBeVisible();

  const ownerPage = await openBrowser(browser, ownerSession);
  await ownerPage.goto("/settings/members");
  await ownerPage.getByRole("button", { name: `Remove ${newcomer.email}` }).click();
  await expect(ownerPage.getByLabel("Also revoke the API key they created")).toBeChecked();
  await ownerPage.getByRole("button", { name: "Confirm removal" }).click();
  await expect(ownerPage.getByRole("cell", { name: newcomer.email, exact: true })).toHaveCount(0);
  await ownerPage.goto("/settings/api-keys");
  await expect(ownerPage.getByRole("cell", { name: "billing-service", exact: true })).toBeVisible();
  await expect(ownerPage.getByRole("cell", { name: "newcomer-ci", exact: true })).toHaveCount(0);

  await memberPage.goto("/settings/api-keys");
  await expect(memberPage).toHaveURL(/\/sign-in\?next=%2Fsettings%2Fapi-keys$/);
});

test("someone with an account signs in from the link, then declines", async ({ page }) => {
  const link = await invite(page, newcomer.email, "viewer");
  await signOut(page);

  await page.goto(link);
  await expect(page.getByLabel("Email")).toHaveValue(newcomer.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in to answer" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That email and password do not match an account." })).toBeVisible();
  await page.getByLabel("Password").fill(newcomer.password);
  await page.getByRole("button", { name: "Sign in to answer" }).click();
  await expect(page.getByRole("button", { name: "Accept" })).toBeVisible();
  expect(page.url()).toBe(link);
  await page.getByRole("button", { name: "Decline" }).click();
  await expect(page.getByText("You declined the invitation to Acme Billing. The link no longer works.")).toBeVisible();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This invitation link does not work" })).toBeVisible();
});

test("changing the password ends the other sessions, and signing out everywhere ends them all", async ({ browser }) => {
  const holder = { email: "account-holder@example.test", password: "first password 1234", next: "second password 1234" };
  const laptop = await openBrowser(browser, ownerSession);
  const link = await invite(laptop, holder.email, "viewer");
  await signOut(laptop);
  await joinWithNewAccount(laptop, link, holder.password);
  const phone = await openBrowser(browser);
  await signIn(phone, holder.email, holder.password);

  await laptop.getByRole("link", { name: "Account" }).click();
  await expect(laptop.getByRole("heading", { name: "Account" })).toBeVisible();
  await laptop.getByLabel("Current password").fill("not my password");
  await laptop.getByLabel("New password").fill(holder.next);
  await laptop.getByRole("button", { name: "Change password" }).click();
  await expect(laptop.getByText("That is not your current password.").first()).toBeVisible();
  await laptop.getByLabel("Current password").fill(holder.password);
  await laptop.getByLabel("New password").fill(holder.next);
  await laptop.getByRole("button", { name: "Change password" }).click();
  await expect(laptop).toHaveURL(/\/account\?changed=password$/);
  await expect(laptop.getByText("Your password was changed. Other sessions were signed out.")).toBeVisible();
  await screenshot(laptop, "account");

  await phone.goto("/dashboard");
  await expect(phone).toHaveURL(/\/sign-in$/);
  await signIn(phone, holder.email, holder.next);
  await phone.goto("/account");
  await phone.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(phone).toHaveURL(/\/sign-in$/);
  await laptop.goto("/dashboard");
  await expect(laptop).toHaveURL(/\/sign-in$/);
});
