import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { startReceiver } from "../test/receiver";
import { owner, ownerSession, screenshot, signedOut, signIn, watchErrors } from "./helpers";

test.use({ storageState: ownerSession });

const phone = { width: 390, height: 844 };

/** Every console page, with a record of each kind the earlier specs (or this one) created. */
async function consolePages(page: Page): Promise<string[]> {
  const pages = [
    "/dashboard",
    "/endpoints",
    "/endpoints/new",
    "/deliveries",
    "/events",
    "/event-types",
    "/tenants",
    "/tenants/new",
    "/alerts",
    "/audit-log",
    "/settings/api-keys",
    "/settings/members",
    "/settings/workspace",
    "/settings/portal",
    "/settings/alerts",
    "/account",
  ];
  for (const [list, prefix] of [
    ["/endpoints", "/endpoints/ep_"],
    ["/deliveries", "/deliveries/dlv_"],
    ["/events", "/events/evt_"],
    ["/tenants", "/tenants/tnt_"],
  ] as const) {
    await page.goto(list);
    const href = await page
      .locator(`main a[href^="${prefix}"]`)
      .first()
      .getAttribute("href", { timeout: 2000 })
      .catch(() => null);
    if (href) pages.push(href);
  }
  return pages;
}

async function createApiKey(page: Page, name: string): Promise<string> {
  await page.goto("/settings/api-keys");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  return (await page.getByTestId("new-api-key").textContent())!;
}

test("under 768 px the sidebar is a drawer: a menu button opens it, focus stays in it, Escape and navigation close it", async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize(phone);
  await page.goto("/dashboard");
  // The page behind an open modal dialog is inert: the button is still found to check its state.
  const menu = page.getByRole("button", { name: "Menu", exact: true, includeHidden: true });
  const drawer = page.getByRole("dialog", { name: "Menu", exact: true });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();

  await menu.click();
  await expect(drawer).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  const controlled = await menu.getAttribute("aria-controls");
  expect(await drawer.getAttribute("id")).toBe(controlled);
  await expect(drawer.getByRole("navigation", { name: "Main" })).toBeVisible();
  await screenshot(page, "390-drawer");
  // Focus moves in, and however far one tabs it never lands on the page behind (past the last
  // control it may rest on the document itself, as it would on the browser's own toolbar).
  expect(await page.evaluate(() => document.activeElement?.closest("dialog")?.id)).toBe(controlled);
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const active = document.activeElement;
      return !active || active === document.body ? "document" : (active.closest("dialog")?.id ?? active.outerHTML.slice(0, 80));
    });
    expect(["document", controlled]).toContain(focused);
  }

  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();

  await menu.click();
  await drawer.getByRole("link", { name: "Deliveries" }).click();
  await expect(page).toHaveURL(/\/deliveries$/);
  await expect(drawer).toBeHidden();
  await expect(page.getByRole("heading", { level: 1, name: "Deliveries" })).toBeVisible();

  // A link to the page already shown closes it too; so does the close button.
  await menu.click();
  await drawer.getByRole("link", { name: "Deliveries" }).click();
  await expect(drawer).toBeHidden();
  await menu.click();
  await drawer.getByRole("button", { name: "Close menu" }).click();
  await expect(drawer).toBeHidden();

  // Wide again, the sidebar is beside the page and there is no menu button.
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(menu).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("the first Tab reaches a skip link to the page's main region", async ({ page }) => {
  await page.goto("/deliveries");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await page.keyboard.press("Tab");
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
  // The next Tab goes on from the page's content, past the navigation.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => Boolean(document.activeElement?.closest("main")))).toBe(true);
});

// These start signed out.
test.describe(() => {
  test.use({ storageState: signedOut });

  test("an address nothing answers, or a record that does not exist, answers 404 with a themed page and a way back", async ({ page, request }) => {
    for (const path of ["/nonexistent", "/settings/nonexistent"]) {
      expect((await request.get(path, { maxRedirects: 0 })).status(), path).toBe(404);
    }
    await page.goto("/nonexistent");
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page.getByText("This page could not be found.")).toBeVisible();
    await page.getByRole("link", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);

    await signIn(page, owner.email, owner.password);
    for (const path of ["/nonexistent", "/deliveries/dlv_nonexistent", "/events/evt_01jzzzzzzzzzzzzzzzzzzzzzzz", "/endpoints/ep_01jzzzzzzzzzzzzzzzzzzzzzzz"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { level: 1, name: "Page not found" }), path).toBeVisible();
      await expect(page.getByRole("link", { name: "Go to the dashboard" }), path).toBeVisible();
    }
    // Inside the console, the page keeps its navigation.
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await screenshot(page, "not-found");
    await page.getByRole("link", { name: "Go to the dashboard" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  test("signing in returns to the page asked for, and only to a page of this site", async ({ page }) => {
    await page.goto("/deliveries?status=failed");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fdeliveries%3Fstatus%3Dfailed$/);
    await page.getByLabel("Email").fill(owner.email);
    await page.getByLabel("Password").fill(owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/deliveries\?status=failed$/);
    await expect(page.getByRole("heading", { level: 1, name: "Deliveries" })).toBeVisible();

    for (const next of ["//evil.example/", "/\\evil.example", "https://evil.example/", "/..//evil.example", "/\t/evil.example"]) {
      await page.context().clearCookies();
      await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
      await page.getByLabel("Email").fill(owner.email);
      await page.getByLabel("Password").fill(owner.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page, next).toHaveURL(/^http:\/\/localhost:\d+\/dashboard$/);
    }
  });
});

test("the Get started checklist ticks each step from the workspace's data, and can be dismissed", async ({ page, request, context }) => {
  const receiver = await startReceiver();
  try {
    const checklist = page.getByTestId("get-started");
    const step = (id: string) => page.getByTestId(`get-started-${id}`);
    // Earlier specs may have taken every step already: then the checklist has gone for good.
    const expectDone = async (id: string) => {
      await page.goto("/dashboard");
      if ((await checklist.count()) > 0) await expect(step(id)).toHaveAttribute("data-done", "true");
    };

    await page.goto("/dashboard");
    if ((await checklist.count()) > 0) {
      await screenshot(page, "get-started");
      if ((await step("publish").getAttribute("data-done")) === "false") {
        await expect(checklist.getByRole("region", { name: "Publish an event with curl" })).toContainText("Bearer $TERN_API_KEY");
      }
      await checklist.getByRole("button", { name: /Dismiss/ }).click();
      await expect(checklist).toHaveCount(0);
      await page.reload();
      await expect(checklist).toHaveCount(0);
      await context.clearCookies({ name: /^tern_get_started_dismissed_/ });
      await page.reload();
      await expect(checklist).toBeVisible();
    }

    // The key's flash shows a command that publishes with it.
    const key = await createApiKey(page, "e2e-get-started");
    await expect(page.getByRole("region", { name: "Publish an event with the new key" })).toContainText(`Bearer ${key}`);
    await expectDone("api-key");

    const auth = { authorization: `Bearer ${key}` };
    const endpoint = await postJson(request, "/api/v1/endpoints", auth, { url: receiver.url("/get-started"), eventTypes: ["*"] });
    await expectDone("endpoint");

    await postJson(request, `/api/v1/endpoints/${endpoint.id}/test`, auth, {});
    await expectDone("test-event");

    await postJson(request, "/api/v1/events", auth, { type: "layout.checked", data: { ok: true } });
    await page.goto("/dashboard");
    await expect(checklist).toHaveCount(0);
  } finally {
    await receiver.close();
  }
});

test("at 390 px no console page scrolls sideways, and none throws", async ({ page }) => {
  // About twenty pages, each loaded, measured and photographed.
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  const pages = await consolePages(page);
  await page.setViewportSize(phone);
  const overflowing: string[] = [];
  for (const path of pages) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 }).first(), path).toBeVisible();
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth }));
    if (widths.page > widths.viewport) overflowing.push(`${path}: ${widths.page} px wide`);
    await screenshot(page, `390${path.replaceAll("/", "-")}`);
  }
  expect(overflowing).toEqual([]);
  expect(errors).toEqual([]);
});

async function postJson(request: APIRequestContext, path: string, headers: Record<string, string>, data: unknown) {
  const response = await request.post(path, { headers, data });
  expect(response.ok(), `${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return response.json();
}
