import { expect, test } from "@playwright/test";
import { owner, signIn, signOut } from "./helpers";

test("pages carry a nonce-based policy and the other security headers", async ({ request }) => {
  const response = await request.get("/sign-in");
  expect(response.status()).toBe(200);
  const headers = response.headers();
  const policy = headers["content-security-policy"] ?? "";
  const nonce = /'nonce-([A-Za-z0-9+/]+=*)'/.exec(policy)?.[1];
  expect(nonce).toBeDefined();
  expect(policy).toContain("'strict-dynamic'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  // Served over plain http here (AUTH_URL is not https): no HSTS.
  expect(headers["strict-transport-security"]).toBeUndefined();

  // Every script Next rendered carries this response's nonce, and the next response has another.
  const scripts = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
  expect((await request.get("/sign-in")).headers()["content-security-policy"]).not.toContain(nonce);
});

test("API responses cannot be sniffed, framed or run anything", async ({ request }) => {
  for (const path of ["/api/v1/event-types", "/api/health"]) {
    const headers = (await request.get(path)).headers();
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  }
});

test("the console works under its policy: nothing is blocked on a walk through it", async ({ page }) => {
  // Chromium logs whatever the policy blocked (scripts, styles, connections) to the console.
  const blocked: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
  });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));

  await signIn(page, owner.email, owner.password);
  // React's inline bootstrap ran: it is what defines __next_f.
  expect(await page.evaluate(() => Array.isArray((window as unknown as { __next_f?: unknown }).__next_f))).toBe(true);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  for (const link of ["Endpoints", "Deliveries", "Events", "Settings"]) {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: link, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/${link.toLowerCase()}`));
  }
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.goto("/no-such-page");
  await expect(page.getByText(/could not be found/i)).toBeVisible();
  await page.goto("/dashboard");
  await signOut(page);

  expect(blocked).toEqual([]);
  expect(errors).toEqual([]);
});

test("no other page can frame the console", async ({ page, baseURL }) => {
  // setContent returns once the frame has loaded: Chromium shows an error page in place of a refused one.
  await page.setContent(`<iframe src="${baseURL}/sign-in" title="framed console"></iframe>`);
  expect(page.frames()).toHaveLength(2);
  await expect(page.frameLocator("iframe").getByRole("button", { name: "Sign in" })).toHaveCount(0);
  await expect(page.frameLocator("iframe").getByLabel("Password")).toHaveCount(0);
});
