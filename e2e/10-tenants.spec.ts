import { expect, type Page, test } from "@playwright/test";
import { startReceiver } from "../test/receiver";
import { expectNoSeriousViolations, ownerSession, screenshot } from "./helpers";

// Whole flows through several pages, axe included: longer than one page's worth of the default.
test.describe.configure({ mode: "serial", timeout: 180_000 });
test.use({ storageState: ownerSession });

async function createTenantInConsole(page: Page, key: string, name: string) {
  await page.goto("/tenants/new");
  await page.getByLabel("Key").fill(key);
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create tenant" }).click();
  await expect(page.getByText("Tenant created.")).toBeVisible();
  return (await page.getByTestId("tenant-id").textContent())!;
}

test("a tenant's event reaches its endpoint and shows on its page, and on no other tenant's", async ({ page, request }) => {
  const receiver = await startReceiver();
  try {
    await page.goto("/dashboard");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tenants", exact: true }).click();
    await expect(page).toHaveURL(/\/tenants$/);
    await expect(page.getByText("No tenants yet")).toBeVisible();
    await expect(page.getByText("/api/v1/tenants/cus_8f3a2")).toBeVisible();
    await expectNoSeriousViolations(page);

    // Refusals show beside their fields and keep what was typed.
    await page.getByRole("link", { name: "New tenant" }).first().click();
    await expect(page).toHaveURL(/\/tenants\/new$/);
    await page.getByLabel("Key").fill("tnt_acme");
    await page.getByLabel("Metadata").fill("{plan: pro");
    await page.getByRole("button", { name: "Create tenant" }).click();
    await expect(page.getByText('A tenant key cannot start with "tnt_": that is how tenant ids start.')).toBeVisible();
    await expect(page.getByText("metadata must be a JSON object.")).toBeVisible();
    await expect(page.getByLabel("Metadata")).toHaveValue("{plan: pro");
    await expectNoSeriousViolations(page);

    await page.getByLabel("Key").fill("acme");
    await page.getByLabel("Name").fill("Acme Inc.");
    await page.getByLabel("Metadata").fill('{"plan": "pro"}');
    await page.getByRole("button", { name: "Create tenant" }).click();
    await expect(page).toHaveURL(/\/tenants\/tnt_[0-9a-z]{26}\?created=1$/);
    await expect(page.getByRole("heading", { level: 1, name: "Acme Inc." })).toBeVisible();
    const acmeId = (await page.getByTestId("tenant-id").textContent())!;
    await expect(page.getByText('"plan": "pro"').first()).toBeVisible();

    // The endpoint form opens with the tenant chosen.
    await page.getByRole("link", { name: "Add endpoint" }).click();
    await expect(page).toHaveURL(`/endpoints/new?tenant=${acmeId}`);
    await page.getByLabel("URL").fill(receiver.url("/acme"));
    await page.getByLabel("Event types").fill("invoice.*");
    await page.getByRole("button", { name: "Create endpoint" }).click();
    await expect(page.getByText("Endpoint created.")).toBeVisible();
    const endpointId = /\/endpoints\/(ep_[0-9a-z]+)/.exec(page.url())![1]!;

    await page.goto("/settings/api-keys");
    await page.getByLabel("Name").fill("e2e-tenants");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = (await page.getByTestId("new-api-key").textContent())!;
    const authorization = `Bearer ${key}`;
    const endpoint = await request.get(`/api/v1/endpoints/${endpointId}`, { headers: { authorization } });
    expect((await endpoint.json()).tenantId).toBe(acmeId);

    const published = await request.post("/api/v1/events", {
      headers: { authorization },
      data: { type: "invoice.paid", data: { invoice: "in_1" }, tenant: "acme" },
    });
    expect(published.status()).toBe(202);
    expect((await published.json()).tenantId).toBe(acmeId);
    await expect.poll(() => receiver.received.filter((r) => r.path === "/acme").length, { timeout: 30_000 }).toBe(1);

    // The tenant page, opened by key, lists the delivery.
    await page.goto("/tenants/acme");
    const recent = page.getByRole("table", { name: "Recent deliveries of Acme Inc." });
    await expect(async () => {
      await page.reload();
      await expect(recent.getByText("succeeded")).toBeVisible();
    }).toPass({ timeout: 20_000 });
    await expect(recent.getByText("invoice.paid")).toBeVisible();
    const deliveryId = (await recent.getByRole("link", { name: /^dlv_/ }).textContent())!;
    await expect(page.getByRole("link", { name: "All deliveries →" })).toHaveAttribute("href", `/deliveries?tenant=${acmeId}`);
    await expect(page.getByRole("table", { name: "Endpoints of Acme Inc." }).getByRole("link", { name: receiver.url("/acme") })).toBeVisible();
    await expect(page.getByTestId("tenant-success-rate")).toHaveText("100.0 %");
    await expectNoSeriousViolations(page);
    await screenshot(page, "tenant");

    // Another tenant: its page shows none of acme's deliveries.
    const globexId = await createTenantInConsole(page, "globex", "Globex");
    await expect(page.getByText("No deliveries yet.")).toBeVisible();
    await expect(page.getByRole("link", { name: deliveryId })).toHaveCount(0);
    await expect(page.getByText("No endpoints yet")).toBeVisible();
    await page.goto(`/tenants/${globexId}`);
    await expect(page.getByRole("link", { name: deliveryId })).toHaveCount(0);

    // The list: figures for each tenant, and a search that keeps to key and name prefixes.
    await page.goto("/tenants");
    const acmeRow = page.getByRole("row").filter({ hasText: "Acme Inc." });
    await expect(acmeRow.getByRole("cell").nth(1)).toHaveText("1");
    await expect(acmeRow.getByRole("cell").nth(2)).toHaveText("100 %");
    await expect(acmeRow.locator("time")).toHaveAttribute("title", /UTC$/);
    await expect(page.getByRole("row").filter({ hasText: "Globex" }).getByRole("cell").nth(3)).toHaveText("—");
    await screenshot(page, "tenants");
    await page.getByRole("searchbox").fill("GLO");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/\/tenants\?search=GLO$/);
    await expect(page.getByRole("link", { name: "Globex" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Acme Inc." })).toHaveCount(0);

    await page.goto("/tenants/no-such-customer");
    await expect(page.getByText(/could not be found/i)).toBeVisible();
  } finally {
    await receiver.close();
  }
});

test("disabling a tenant shows why, and deleting it asks for its key", async ({ page }) => {
  await page.goto("/tenants/globex");
  await page.getByLabel("Reason").fill("Trial ended");
  await page.getByRole("button", { name: "Disable tenant" }).click();
  await expect(page.getByText("Disabled: Trial ended").first()).toBeVisible();
  await page.goto("/tenants");
  await expect(page.getByRole("row").filter({ hasText: "Globex" })).toContainText("Disabled: Trial ended");

  await page.goto("/tenants/globex");
  await page.getByRole("button", { name: "Delete tenant" }).click();
  await expect(page.getByText("its endpoints, events, deliveries and attempts are then deleted in the background")).toBeVisible();
  const confirm = page.getByRole("button", { name: "Delete this tenant and its data" });
  await expect(confirm).toBeDisabled();
  await page.getByLabel("Type globex to confirm").fill("globe");
  await expect(confirm).toBeDisabled();
  await page.getByLabel("Type globex to confirm").fill("globex");
  await confirm.click();
  await expect(page).toHaveURL(/\/tenants$/);
  await expect(page.getByTestId("toast").filter({ hasText: "Tenant globex deleted." })).toBeVisible();
  await expect(page.getByRole("link", { name: "Globex" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Acme Inc." })).toBeVisible();
  await page.goto("/tenants/globex");
  await expect(page.getByText(/could not be found/i)).toBeVisible();
});
