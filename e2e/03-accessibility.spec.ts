import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { owner, signIn } from "./helpers";

const pages = [
  "/dashboard",
  "/endpoints",
  "/endpoints/new",
  "/deliveries",
  "/events",
  "/event-types",
  "/settings/api-keys",
  "/settings/members",
  "/settings/workspace",
  "/settings/portal",
  "/settings/alerts",
  "/tenants",
  "/tenants/new",
  "/alerts",
  "/audit-log",
  "/account",
];

test("the main pages have no serious or critical accessibility violations", async ({ page }) => {
  await signIn(page, owner.email, owner.password);
  for (const path of [...pages, await firstHref(page, "/endpoints", "/endpoints/ep_"), await firstHref(page, "/deliveries", "/deliveries/dlv_")]) {
    await page.goto(path);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${path}: ${v.id} (${v.nodes.length}) ${v.help}`)).toEqual([]);
  }
});

async function firstHref(page: import("@playwright/test").Page, listPath: string, prefix: string): Promise<string> {
  await page.goto(listPath);
  const href = await page.locator(`a[href^="${prefix}"]`).first().getAttribute("href");
  return href ?? listPath;
}
