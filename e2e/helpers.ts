import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const owner = { name: "Olivia Owner", email: "owner@example.test", password: "owner password 1234" };

/**
 * The owner's signed-in browser state, saved once per run by owner-session.setup.ts. A spec that
 * starts in the console takes it with `test.use({ storageState: ownerSession })` instead of
 * signing in again: sessions are tokens that signing out of another browser does not end (a
 * password change or "Sign out everywhere" would, and no spec does either to the owner).
 */
export const ownerSession = path.join(process.env.TERN_E2E_DATA_DIR!, "owner-session.json");

/** No cookies, no storage: for the tests of a spec signed in as the owner that start signed out. */
export const signedOut = { cookies: [], origins: [] };

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

/**
 * Screenshots for reviewers, written to e2e/screenshots/ (not committed). CI's clone is thrown
 * away with them, so there they are not taken: a full-page PNG costs one to three seconds.
 */
export async function screenshot(page: Page, name: string) {
  if (process.env.CI) return;
  mkdirSync("e2e/screenshots", { recursive: true });
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

/** Page errors, hydration mismatches (React #418) included, gathered for the whole test, each with the page it happened on. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && /#418|#423|#425|hydrat/i.test(message.text())) errors.push(`${page.url()}: ${message.text()}`);
  });
  return errors;
}

/**
 * The axe rules whose outcome depends on colours. Dark mode is a media query that changes colours
 * and nothing else (no element appears, hides or moves), so once a page has passed every rule in
 * one scheme, these are all the other scheme can break.
 */
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

/** What axe finds serious or critical on the page as it is, a line each, naming the elements. */
export async function seriousViolations(page: Page, { label = page.url(), coloursOnly = false } = {}): Promise<string[]> {
  // Tern's pages have no frames, so one axe.run in the page sees everything. The default mode runs
  // axe in each frame and merges the results in a blank page it opens and injects axe into again:
  // twice the work for the same findings.
  const axe = new AxeBuilder({ page }).setLegacyMode();
  if (coloursOnly) axe.withRules(COLOUR_RULES);
  const results = await axe.analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${label}: ${v.id} (${v.nodes.length}) ${v.help}: ${v.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

/** Axe finds nothing serious or critical on the page as it is. */
export async function expectNoSeriousViolations(page: Page, options?: { coloursOnly?: boolean }) {
  expect(await seriousViolations(page, options)).toEqual([]);
}

/** The page is no wider than the window: nothing scrolls it sideways. A failure names what reaches past the edge. */
export async function expectNoSidewaysScroll(page: Page) {
  const overflowing = await page.evaluate(() => {
    const { scrollWidth } = document.documentElement;
    if (scrollWidth <= window.innerWidth) return [];
    const past = [...document.querySelectorAll("body *")]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className} ${Math.round(element.getBoundingClientRect().right)}px`);
    return past.length > 0 ? past : [`${scrollWidth} px wide in a ${window.innerWidth} px window`];
  });
  expect(overflowing, page.url()).toEqual([]);
}
