import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const owner = { name: "Olivia Owner", email: "owner@example.test", password: "owner password 1234" };

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

/** On the members page, as an admin: invites the email and returns the single-use link the console shows once. */
export async function invite(page: Page, email: string, role: "viewer" | "admin" | "owner" = "viewer"): Promise<string> {
  await page.goto("/settings/members");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(page.getByText(`Invitation created for ${email} as ${role}: share this link with them.`)).toBeVisible();
  return (await page.getByTestId("invitation-link").textContent())!;
}

/** Signed out: opens an invitation link, creates the account with `password`, and lands in the workspace. */
export async function joinWithNewAccount(page: Page, link: string, password: string) {
  await page.goto(link);
  await page.getByLabel("Choose a password").fill(password);
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

/** Screenshots for reviewers, written to e2e/screenshots/ (not committed). */
export async function screenshot(page: Page, name: string) {
  mkdirSync("e2e/screenshots", { recursive: true });
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

/** Page errors, hydration mismatches (React #418) included, gathered for the whole test. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && /#418|#423|#425|hydrat/i.test(message.text())) errors.push(message.text());
  });
  return errors;
}

/** Axe finds nothing serious or critical on the page as it is. */
export async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${page.url()}: ${v.id} (${v.nodes.length}) ${v.help}`)).toEqual([]);
}

/** The page is no wider than the window: nothing scrolls it sideways. */
export async function expectNoSidewaysScroll(page: Page) {
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(widths.page, page.url()).toBeLessThanOrEqual(widths.viewport);
}
