import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { expectNoSeriousViolations, expectNoSidewaysScroll, ownerSession, screenshot, watchErrors } from "./helpers";

// The event catalog: search, rendered schemas, editing behind a button, deleting after a
// confirmation, and the strict mode switch that makes publishing check events against it.
test.describe.configure({ mode: "serial", timeout: 240_000 });
test.use({ storageState: ownerSession });

const INVOICE = "catalog.invoice.paid";
const CUSTOMER = "catalog.customer.created";

const invoiceSchema = {
  type: "object",
  required: ["invoiceId", "amount", "currency"],
  properties: {
    invoiceId: { type: "string", description: "The invoice's id in your system." },
    amount: { type: "number", minimum: 0, description: "The amount paid, in the currency's main unit." },
    currency: { enum: ["EUR", "USD"] },
    paidAt: { type: "string", format: "date-time" },
    customer: { type: "object", properties: { id: { type: "string", description: "The paying customer." } } },
  },
};
const invoiceExample = { invoiceId: "in_1", amount: 42.5, currency: "EUR", paidAt: "2026-11-29T10:00:00Z", customer: { id: "cus_1" } };

/** The catalog entry of `name`: its card in the list. */
const entry = (page: Page, name: string) => page.getByRole("listitem").filter({ has: page.getByRole("heading", { name, exact: true }) });

async function createKey(page: Page): Promise<string> {
  await page.goto("/settings/api-keys");
  await page.getByLabel("Name").fill("e2e-catalog");
  await page.getByRole("button", { name: "Create key" }).click();
  return `Bearer ${(await page.getByTestId("new-api-key").textContent())!}`;
}

async function publish(request: APIRequestContext, authorization: string, type: string, data: Record<string, unknown>) {
  return request.post("/api/v1/events", { headers: { authorization }, data: { type, data } });
}

async function openNewTypeForm(page: Page) {
  const button = page.getByRole("button", { name: "New event type" });
  if (await button.isVisible()) await button.click();
  await expect(page.getByRole("form", { name: "New event type" })).toBeVisible();
}

const strictSwitch = (page: Page) => page.getByRole("switch", { name: /Strict event types/ });

test("the catalog is searched, shows schemas as a property tree, edits behind a button and deletes after a confirmation; strict mode refuses bad data", async ({
  page,
  request,
}) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  const authorization = await createKey(page);

  // A schema that is not JSON Schema, then an example that does not match it: each refused beside its field.
  await page.goto("/event-types");
  await openNewTypeForm(page);
  const form = page.getByRole("form", { name: "New event type" });
  await form.getByLabel("Name", { exact: true }).fill(INVOICE);
  await form.getByLabel("Description").fill("An invoice was paid in full.");
  await form.getByLabel("JSON Schema of data").fill('{"type": "object", "properties": {"amount": {"type": "numbr"}}}');
  await form.getByRole("button", { name: "Add event type" }).click();
  await expect(form.getByText(/schema\.properties\.amount\.type: must be one of "array"/)).toBeVisible();
  await expect(form.getByLabel("JSON Schema of data")).toHaveAttribute("aria-invalid", "true");
  await form.getByLabel("JSON Schema of data").fill(JSON.stringify(invoiceSchema, null, 2));
  await form.getByLabel("Example payload").fill(JSON.stringify({ ...invoiceExample, amount: "42.50" }));
  await form.getByRole("button", { name: "Add event type" }).click();
  await expect(form.getByText("example.amount: must be number (the example must match the schema).")).toBeVisible();
  await expectNoSeriousViolations(page);
  await form.getByLabel("Example payload").fill(JSON.stringify(invoiceExample, null, 2));
  await form.getByRole("button", { name: "Add event type" }).click();
  await expect(page.getByText(`Added ${INVOICE} to the catalog.`)).toBeVisible();
  await expect(page.getByRole("form", { name: "New event type" })).toHaveCount(0);

  await openNewTypeForm(page);
  await page.getByLabel("Name", { exact: true }).fill(CUSTOMER);
  await page.getByRole("form", { name: "New event type" }).getByLabel("Description").fill("A customer signed up.");
  await page.getByRole("button", { name: "Add event type" }).click();
  await expect(page.getByText(`Added ${CUSTOMER} to the catalog.`)).toBeVisible();

  // Search by description, on the server, and back.
  await page.getByLabel("Search the catalog").fill("signed up");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/\/event-types\?search=signed\+up$/);
  await expect(entry(page, CUSTOMER)).toBeVisible();
  await expect(entry(page, INVOICE)).toHaveCount(0);
  await page.getByRole("link", { name: "Clear" }).click();
  await expect(page).toHaveURL(/\/event-types$/);

  // The schema, rendered: names, types, required, descriptions, allowed values, formats, nested properties.
  await page.getByLabel("Search the catalog").fill(INVOICE);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const invoice = entry(page, INVOICE);
  const amount = invoice.getByRole("listitem").filter({ has: page.getByText("amount", { exact: true }) });
  await expect(amount).toContainText("number");
  await expect(amount).toContainText("required");
  await expect(amount).toContainText("The amount paid, in the currency's main unit.");
  await expect(amount).toContainText("≥ 0");
  await expect(invoice.getByRole("listitem").filter({ has: page.getByText("currency", { exact: true }) })).toContainText('One of "EUR", "USD"');
  await expect(invoice.getByRole("listitem").filter({ has: page.getByText("paidAt", { exact: true }) })).toContainText("format date-time");
  await expect(invoice.getByText("The paying customer.", { exact: true })).toBeVisible();
  await expect(invoice.getByText('"invoiceId": "in_1"')).toBeVisible();
  await invoice.getByText("Raw JSON Schema", { exact: true }).click();
  await expect(invoice.getByText('"minimum": 0')).toBeVisible();
  await screenshot(page, "catalog-1440");

  // Tern's own types are listed, read-only.
  await page.goto("/event-types?search=tern.endpoint.disabled");
  await expect(entry(page, "tern.endpoint.disabled")).toContainText("Built in, read-only");
  await expect(entry(page, "tern.endpoint.disabled").getByRole("button", { name: /Edit|Delete/ })).toHaveCount(0);

  // Editing is behind its button; Cancel leaves everything as it was.
  await page.goto(`/event-types?search=${INVOICE}`);
  await expect(invoice.getByLabel("Description")).toHaveCount(0);
  await invoice.getByRole("button", { name: `Edit ${INVOICE}` }).click();
  await expect(page.getByRole("form", { name: `Edit ${INVOICE}` }).getByLabel("JSON Schema of data")).toHaveValue(/"currency"/);
  await page
    .getByRole("form", { name: `Edit ${INVOICE}` })
    .getByRole("button", { name: "Cancel" })
    .click();
  await invoice.getByRole("button", { name: `Edit ${INVOICE}` }).click();
  await page
    .getByRole("form", { name: `Edit ${INVOICE}` })
    .getByLabel("Description")
    .fill("An invoice was paid in full, by card or transfer.");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(`Saved ${INVOICE}.`)).toBeVisible();
  await expect(invoice.getByText("An invoice was paid in full, by card or transfer.", { exact: true })).toBeVisible();
  await expect(page.getByRole("form", { name: `Edit ${INVOICE}` })).toHaveCount(0);

  // An event of a type outside the catalog: turning strict mode on names what it would refuse, and asks.
  expect((await publish(request, authorization, "catalog.unlisted", { n: 1 })).status()).toBe(202);
  await page.goto("/settings/workspace");
  await expect(strictSwitch(page)).toHaveAttribute("aria-checked", "false");
  await expect(page.getByText(/not in the catalog (was|were) published in the last 24 hours/)).toBeVisible();
  await strictSwitch(page).click();
  const dialog = page.getByRole("dialog", { name: "Turn strict mode on?" });
  await expect(dialog).toContainText(/In the last 24 hours [\d,]+ events? of [\d,]+ types? not in the catalog (was|were) published/);
  await expectNoSeriousViolations(page);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(strictSwitch(page)).toHaveAttribute("aria-checked", "false");
  await strictSwitch(page).click();
  await dialog.getByRole("button", { name: "Turn strict mode on" }).click();
  await expect(strictSwitch(page)).toHaveAttribute("aria-checked", "true");
  await screenshot(page, "catalog-strict-settings");

  try {
    // Strict publishing: data is checked against the schema, and the refusal names the path.
    const refused = await publish(request, authorization, INVOICE, { ...invoiceExample, amount: "42.50" });
    expect(refused.status()).toBe(422);
    expect(refused.headers()["content-type"]).toBe("application/problem+json");
    expect(await refused.json()).toMatchObject({ detail: expect.stringMatching(/^data\.amount: must be number/), errors: [{ field: "data.amount" }] });
    expect((await publish(request, authorization, INVOICE, invoiceExample)).status()).toBe(202);
    expect((await publish(request, authorization, "catalog.unlisted", { n: 2 })).status()).toBe(422);

    // Deleting asks first and says what follows: in strict mode, events of the type are refused.
    await page.goto(`/event-types?search=${CUSTOMER}`);
    await entry(page, CUSTOMER)
      .getByRole("button", { name: `Delete ${CUSTOMER}` })
      .click();
    const confirm = page.getByRole("dialog", { name: `Delete ${CUSTOMER}?` });
    await expect(confirm).toContainText(`Strict mode is on: publishing ${CUSTOMER} is refused (422) from then on.`);
    await expect(confirm).toContainText("No endpoint names it in its event types.");
    await expectNoSeriousViolations(page);
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(entry(page, CUSTOMER)).toBeVisible();
    await entry(page, CUSTOMER)
      .getByRole("button", { name: `Delete ${CUSTOMER}` })
      .click();
    await confirm.getByRole("button", { name: "Delete event type" }).click();
    await expect(page.getByText(`Deleted ${CUSTOMER} from the catalog.`)).toBeVisible();
    await expect(entry(page, CUSTOMER)).toHaveCount(0);
    expect((await publish(request, authorization, CUSTOMER, {})).status()).toBe(422);
  } finally {
    // Strict mode off again, with no question, for the specs that publish after this one.
    await page.goto("/settings/workspace");
    await strictSwitch(page).click();
    await expect(strictSwitch(page)).toHaveAttribute("aria-checked", "false");
  }
  expect(errors).toEqual([]);
});

test("the catalog and the strict mode switch at 390 px in dark mode: readable, no sideways scroll, no accessibility violations", async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });

  await page.goto(`/event-types?search=${INVOICE}`);
  const invoice = entry(page, INVOICE);
  await expect(invoice.getByText("amount", { exact: true })).toBeVisible();
  await invoice.getByText("Raw JSON Schema", { exact: true }).click();
  await expectNoSidewaysScroll(page);
  await expectNoSeriousViolations(page);
  await screenshot(page, "catalog-390-dark");

  await invoice.getByRole("button", { name: `Edit ${INVOICE}` }).click();
  await expect(page.getByRole("form", { name: `Edit ${INVOICE}` })).toBeVisible();
  await expectNoSidewaysScroll(page);
  await expectNoSeriousViolations(page);
  await page
    .getByRole("form", { name: `Edit ${INVOICE}` })
    .getByRole("button", { name: "Cancel" })
    .click();

  await invoice.getByRole("button", { name: `Delete ${INVOICE}` }).click();
  const confirm = page.getByRole("dialog", { name: `Delete ${INVOICE}?` });
  await expect(confirm).toContainText(`Strict mode is off: ${INVOICE} can still be published`);
  await expectNoSeriousViolations(page);
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(invoice).toBeVisible();

  await page.goto("/event-types");
  await expectNoSidewaysScroll(page);
  await expectNoSeriousViolations(page);

  await page.goto("/settings/workspace");
  await expect(strictSwitch(page)).toHaveAttribute("aria-checked", "false");
  await expectNoSidewaysScroll(page);
  await expectNoSeriousViolations(page);
  await strictSwitch(page).click();
  const dialog = page.getByRole("dialog", { name: "Turn strict mode on?" });
  await expect(dialog).toBeVisible();
  await expectNoSeriousViolations(page);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await screenshot(page, "catalog-strict-390-dark");
  expect(errors).toEqual([]);
});
