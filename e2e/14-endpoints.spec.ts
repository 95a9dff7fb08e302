import { expect, type Page, test } from "@playwright/test";
import { expectNoSeriousViolations, expectNoSidewaysScroll, ownerSession, screenshot, watchErrors } from "./helpers";

// One flow through the list and an endpoint's page, axe and two widths included.
test.describe.configure({ mode: "serial", timeout: 180_000 });
test.use({ storageState: ownerSession });

// This spec's own endpoints, apart from any other spec's in the shared database.
const run = Date.now().toString(36);
const billingTag = `billing-${run}`;
const endpointsToCreate = [
  { name: `Billing service ${run}`, url: `https://93.184.215.14/billing-${run}`, tags: `${billingTag}, env:prod` },
  { name: `Payouts ${run}`, url: `https://93.184.215.14/payouts-${run}`, tags: `${billingTag}` },
  { name: "", url: `https://93.184.215.14/shipping-${run}`, tags: `shipping-${run}` },
];

async function createEndpoint(page: Page, endpoint: (typeof endpointsToCreate)[number]) {
  await page.goto("/endpoints/new");
  await page.getByLabel("Name (optional)").fill(endpoint.name);
  await page.getByLabel("URL").fill(endpoint.url);
  await page.getByLabel("Tags (optional)").fill(endpoint.tags);
  await page.getByLabel("Event types").fill("*");
  await page.getByRole("button", { name: "Create endpoint" }).click();
  await expect(page.getByText("Endpoint created.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: endpoint.name || endpoint.url })).toBeVisible();
}

test("endpoints with names and tags: filter by tag, act on several at once, verify signatures, rotate with a warning", async ({ page }) => {
  const errors = watchErrors(page);

  // Refusals name the item they refuse, next to its field.
  await page.goto("/endpoints/new");
  await page.getByLabel("URL").fill("https://93.184.215.14/refused");
  await page.getByLabel("Tags (optional)").fill("billing, bad/tag");
  await page.getByLabel("Event types").fill("invoice.*, invoice..paid");
  await page.getByRole("button", { name: "Create endpoint" }).click();
  await expect(page.getByText('Tag 2 "bad/tag" can only hold lower-case letters, digits and _ . : -')).toBeVisible();
  await expect(page.getByText('Event type filter 2 "invoice..paid" is not a valid pattern')).toBeVisible();
  await expect(page.getByLabel("Tags (optional)")).toHaveValue("billing, bad/tag");
  await expectNoSeriousViolations(page);

  for (const endpoint of endpointsToCreate) await createEndpoint(page, endpoint);
  await expect(page.getByRole("link", { name: `Endpoints tagged shipping-${run}` })).toBeVisible();

  // The tag filter, from the form: only the two billing endpoints.
  await page.goto("/endpoints");
  await page.getByLabel("Tag", { exact: true }).fill(billingTag.toUpperCase());
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await expect(page).toHaveURL(`/endpoints?tag=${billingTag.toUpperCase()}`);
  const rows = page.getByRole("table", { name: "Endpoints" }).locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(page.getByRole("link", { name: endpointsToCreate[0]!.name })).toBeVisible();
  await expect(page.getByRole("link", { name: endpointsToCreate[1]!.name })).toBeVisible();
  await expect(page.getByText(endpointsToCreate[2]!.url)).toHaveCount(0);
  await screenshot(page, "endpoints-tag-filter");
  await expectNoSeriousViolations(page);

  // Select both from the keyboard (select all on this page), then disable them, confirming.
  await page.getByRole("checkbox", { name: "Select all endpoints on this page" }).focus();
  await page.keyboard.press("Space");
  await expect(page.getByText("2 endpoints selected")).toBeVisible();
  await page.getByRole("button", { name: "Disable", exact: true }).click();
  const bulk = page.getByRole("dialog", { name: "Disable 2 endpoints?" });
  await expect(bulk).toBeVisible();
  await expect(bulk).toContainText("While disabled, they receive nothing");
  for (const endpoint of endpointsToCreate.slice(0, 2)) {
    await expect(bulk.getByTestId("bulk-endpoints")).toContainText(endpoint.name);
    await expect(bulk.getByTestId("bulk-endpoints")).toContainText(endpoint.url);
  }
  await screenshot(page, "endpoints-bulk-confirmation");
  await expectNoSeriousViolations(page);
  await bulk.getByRole("button", { name: "Disable 2 endpoints" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Disabled 2 endpoints." })).toBeVisible();
  await expect(rows.getByText(/^Disabled/)).toHaveCount(2);

  // Delete the untagged one, chosen by its own checkbox on the unfiltered list.
  await page.goto(`/endpoints?tag=shipping-${run}`);
  await page.getByRole("checkbox", { name: `Select ${endpointsToCreate[2]!.url}` }).check();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const deletion = page.getByRole("dialog", { name: "Delete 1 endpoint?" });
  await expect(deletion).toContainText("This cannot be undone.");
  await expect(deletion).toContainText(endpointsToCreate[2]!.url);
  await deletion.getByRole("button", { name: "Delete 1 endpoint" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Deleted 1 endpoint." })).toBeVisible();
  await expect(page.getByText(`No endpoints tagged shipping-${run}`)).toBeVisible();

  // The endpoint's page: its name, URL and tags, the verification snippets, enabling and disabling.
  await page.goto(`/endpoints?tag=${billingTag}`);
  await page.getByRole("link", { name: endpointsToCreate[0]!.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: endpointsToCreate[0]!.name })).toBeVisible();
  await expect(page.getByText(endpointsToCreate[0]!.url, { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Endpoints tagged env:prod" })).toBeVisible();

  const languages = page.getByRole("tablist", { name: "Language" });
  for (const language of ["Node.js", "Python", "Go", "Ruby", "PHP"]) await expect(languages.getByRole("tab", { name: language })).toBeVisible();
  await languages.getByRole("tab", { name: "Python" }).click();
  await expect(page.getByText("from standardwebhooks.webhooks import Webhook")).toBeVisible();
  await page.keyboard.press("ArrowRight");
  await expect(languages.getByRole("tab", { name: "Go" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByText('standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"')).toBeVisible();

  await page.getByRole("button", { name: "Enable", exact: true }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Endpoint enabled." })).toBeVisible();
  await page.getByRole("button", { name: "Disable", exact: true }).click();
  const disabling = page.getByRole("dialog", { name: `Disable ${endpointsToCreate[0]!.name}?` });
  await expect(disabling).toContainText("While disabled, it receives nothing");
  await disabling.getByRole("button", { name: "Cancel" }).click();
  await expect(disabling).toBeHidden();
  await expect(page.getByRole("button", { name: "Disable", exact: true })).toBeFocused();

  // Rotating with no grace says the receivers will reject every delivery; cancelling changes nothing.
  await page.getByRole("button", { name: "Reveal" }).click();
  const secret = page.getByTestId("signing-secret");
  // The revealed secret, not the mask (whsec_•••) shown until it arrives.
  await expect(secret).toHaveText(/^whsec_[A-Za-z0-9+/]+=*$/);
  const before = (await secret.textContent())!;
  await page.getByLabel("Grace period for the old secret").selectOption("0");
  await page.getByRole("button", { name: "Rotate secret" }).click();
  const rotation = page.getByRole("dialog", { name: "Rotate the signing secret?" });
  await expect(rotation).toContainText(
    "The current secret stops working immediately: receivers verifying with it will reject every delivery until they are updated with the new one.",
  );
  await screenshot(page, "endpoint-rotate-confirmation");
  await rotation.getByRole("button", { name: "Cancel" }).click();
  await expect(secret).toHaveText(before);
  await page.getByLabel("Grace period for the old secret").selectOption("86400");
  await page.getByRole("button", { name: "Rotate secret" }).click();
  await expect(rotation).toContainText("Deliveries are signed with both secrets for 24 hours");
  await rotation.getByRole("button", { name: "Rotate secret" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "the old one keeps signing during the grace period" })).toBeVisible();
  await expect(secret).not.toHaveText(before);
  await screenshot(page, "endpoint-named");
  await expectNoSeriousViolations(page);

  // Dark, and at 390 px: nothing scrolls the page sideways.
  await page.emulateMedia({ colorScheme: "dark" });
  await expectNoSeriousViolations(page, { coloursOnly: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoSidewaysScroll(page);
  await screenshot(page, "endpoint-named-390");
  await page.goto(`/endpoints?tag=${billingTag}`);
  await expect(rows).toHaveCount(2);
  await expectNoSidewaysScroll(page);
  await page.getByRole("checkbox", { name: `Select ${endpointsToCreate[1]!.name}` }).check();
  await page.getByRole("button", { name: "Enable", exact: true }).click();
  const enabling = page.getByRole("dialog", { name: "Enable 1 endpoint?" });
  await expect(enabling).toContainText(endpointsToCreate[1]!.name);
  await expectNoSeriousViolations(page);
  await screenshot(page, "endpoints-bulk-390-dark");
  await enabling.getByRole("button", { name: "Enable 1 endpoint" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Enabled 1 endpoint." })).toBeVisible();

  expect(errors).toEqual([]);
});
