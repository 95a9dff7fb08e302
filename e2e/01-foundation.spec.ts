import { expect, test } from "@playwright/test";
import { invite, joinWithNewAccount, owner, screenshot, signIn, signOut } from "./helpers";

test.describe.configure({ mode: "serial" });

test("setup page → sign in → create an API key → sign out", async ({ page, request }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Tern" })).toBeVisible();
  await screenshot(page, "setup");

  // A too-short password is refused next to the field, and what was typed stays.
  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill("short");
  await page.getByLabel("Workspace name").fill("Acme Billing");
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(owner.email);

  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await signOut(page);

  // Setup is one-time only.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/sign-in$/);
  await screenshot(page, "sign-in");

  await signIn(page, owner.email, owner.password);
  await expect(page.getByLabel("Workspace")).toHaveValue(/^ws_/);
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/settings\/api-keys$/);
  await expect(page.getByText("No API keys yet")).toBeVisible();

  await page.getByLabel("Name").fill("billing-service");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())!;
  expect(key).toMatch(/^tern_sk_[\w-]{43}$/);
  await expect(page.getByRole("cell", { name: `${key.slice(0, 14)}…` })).toBeVisible();
  await screenshot(page, "api-keys");

  // The key shown once really authenticates against the REST API.
  const response = await request.get("/api/v1/event-types", { headers: { authorization: `Bearer ${key}` } });
  expect(response.status()).toBe(200);
  // A new workspace's catalog holds only Tern's own operational types.
  const catalog = await response.json();
  expect(catalog.nextCursor).toBeNull();
  expect(catalog.data.map((type: { name: string; builtIn: boolean }) => type.builtIn && type.name.startsWith("tern."))).toEqual(Array(8).fill(true));

  await signOut(page);
  await page.goto("/settings/api-keys");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Fapi-keys$/);
});

test("a wrong password shows an error", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That email and password do not match an account." })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByLabel("Email")).toHaveValue(owner.email);
});

test("a viewer cannot create an API key", async ({ page }) => {
  await signIn(page, owner.email, owner.password);
  const link = await invite(page, "viewer@example.test", "viewer");
  await expect(page.getByRole("cell", { name: "viewer@example.test", exact: true })).toBeVisible();
  await screenshot(page, "members");
  await signOut(page);

  await joinWithNewAccount(page, link, "viewer password 1234");
  await page.goto("/settings/api-keys");
  await expect(page.getByText("You are a viewer")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create key" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
  // The owner's key is visible to the viewer, but only by its prefix.
  await expect(page.getByRole("cell", { name: "billing-service", exact: true })).toBeVisible();
  await page.goto("/settings/members");
  await expect(page.getByRole("button", { name: "Invite", exact: true })).toHaveCount(0);
});
