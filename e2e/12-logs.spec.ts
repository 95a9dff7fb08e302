import { type APIRequestContext, expect, test } from "@playwright/test";
import { startReceiver } from "../test/receiver";
import { expectNoSeriousViolations, expectNoSidewaysScroll, ownerSession, screenshot, watchErrors } from "./helpers";

// The logs: the delivery history, a delivery's attempts, an event's endpoints, and paging both
// ways, at desktop and phone widths, light and dark.
test.describe.configure({ mode: "serial", timeout: 240_000 });
test.use({ storageState: ownerSession });

async function publish(request: APIRequestContext, authorization: string, type: string, tenant?: string) {
  const response = await request.post("/api/v1/events", { headers: { authorization }, data: { type, data: { type }, ...(tenant ? { tenant } : {}) } });
  expect(response.status()).toBe(202);
  return (await response.json()).id as string;
}

test("the delivery history, a delivery's attempts and an event's endpoints read like a log, on any screen", async ({ page, request }) => {
  let failing = true;
  const receiver = await startReceiver((req, res) => {
    if (req.path === "/logs-fail" && failing) return res.writeHead(500, { "content-type": "text/plain" }).end("not today");
    res.writeHead(200, { "content-type": "text/plain" }).end("thanks");
  });
  const errors = watchErrors(page);
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/settings/api-keys");
    await page.getByLabel("Name").fill("e2e-logs");
    await page.getByRole("button", { name: "Create key" }).click();
    const authorization = `Bearer ${(await page.getByTestId("new-api-key").textContent())!}`;
    expect((await request.put("/api/v1/tenants/cus_logs", { headers: { authorization }, data: { name: "Logs Ltd." } })).ok()).toBe(true);
    // A tenant's events reach only its own endpoints, so other tests' catch-all endpoints stay out of these lists.
    for (const [path, type] of [
      ["/logs-ok", "logs.invoice.paid"],
      ["/logs-fail", "logs.invoice.failed"],
    ] as const) {
      const created = await request.post("/api/v1/endpoints", {
        headers: { authorization },
        data: { url: receiver.url(path), eventTypes: [type], tenant: "cus_logs" },
      });
      expect(created.status()).toBe(201);
    }
    await publish(request, authorization, "logs.invoice.paid", "cus_logs");
    const failedEvent = await publish(request, authorization, "logs.invoice.failed", "cus_logs");
    // The failing endpoint gets its first try and both retries of the short schedule.
    await expect.poll(() => receiver.received.filter((r) => r.path === "/logs-fail").length, { timeout: 30_000 }).toBe(3);

    // A wildcard type filter, and an Apply that leaves the empty fields out of the URL.
    await page.goto("/deliveries");
    await page.getByLabel("Event type").fill("logs.invoice.*");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/\/deliveries\?eventType=logs\.invoice\.\*$/);
    const table = page.getByRole("table", { name: "Deliveries" });
    await expect(async () => {
      await page.reload();
      await expect(table.getByRole("cell", { name: "failed", exact: true })).toHaveCount(1);
      await expect(table.getByRole("cell", { name: "succeeded", exact: true })).toHaveCount(1);
    }).toPass({ timeout: 20_000 });
    const failedRow = table.getByRole("row").filter({ hasText: "logs.invoice.failed" });
    await expect(failedRow).toContainText("cus_logs");
    await expect(failedRow.locator('[title="Endpoint answered HTTP 500"]')).toHaveText("500");
    await expect(failedRow.getByRole("cell").nth(7)).toHaveText(/^\d+ ms$|^\d+(\.\d)? s$/);
    // No column is cut off at 1440 px, and no time wraps.
    const clipped = await table.evaluate((element) => element.scrollWidth - element.parentElement!.clientWidth);
    expect(clipped).toBeLessThanOrEqual(0);
    for (const time of await table.locator("tbody time").all()) expect(await time.evaluate((element) => element.getClientRects().length)).toBe(1);
    await expect(table.locator("tbody time").first()).toHaveAttribute("title", /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    await expect(table.locator("tbody time").first()).toHaveText(/ago|now/);
    await expectNoSeriousViolations(page);
    await screenshot(page, "logs-deliveries");

    // The status class and "failing now" filters; column choices survive a reload.
    await page.getByRole("combobox", { name: "Response" }).selectOption("5xx");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/\/deliveries\?statusClass=5xx&eventType=logs\.invoice\.\*$/);
    await expect(table.getByRole("row")).toHaveCount(2);
    await page.getByRole("link", { name: "Failing now" }).click();
    await expect(page).toHaveURL(/status=retrying/);
    await expect(page.getByRole("link", { name: "Failing now" })).toHaveAttribute("aria-current", "page");
    await page.goto("/deliveries?eventType=logs.invoice.*");
    await page.getByText("Columns", { exact: true }).click();
    await page.getByRole("checkbox", { name: "Attempts" }).uncheck();
    await page.reload();
    await expect(table.getByRole("columnheader", { name: "Attempts" })).toHaveCount(0);
    await page.getByText("Columns", { exact: true }).click();
    await page.getByRole("checkbox", { name: "Attempts" }).check();
    await expect(table.getByRole("columnheader", { name: "Attempts" })).toHaveCount(1);
    await page.getByText("Columns", { exact: true }).click();

    // A click anywhere on a row opens the delivery; the row's link is a real one, reachable by keyboard.
    await expect(failedRow.getByRole("link", { name: /^dlv_/ })).toBeVisible();
    // The click lands where a person's would: on the row's link, which covers the cell.
    const duration = (await failedRow.getByRole("cell").nth(7).boundingBox())!;
    await page.mouse.click(duration.x + duration.width / 2, duration.y + duration.height / 2);
    await expect(page).toHaveURL(/\/deliveries\/dlv_/);

    // Attempts newest first; the request as sent, body included, and the response.
    const attempts = page.locator("ol > li > details");
    await expect(attempts.first()).toContainText("Attempt 3");
    const sent = receiver.received.find((r) => r.path === "/logs-fail")!;
    await expect(page.getByRole("tabpanel", { name: "Request" }).first().locator("pre").nth(1)).toHaveText(sent.body);
    await expect(page.getByRole("tabpanel", { name: "Request" }).first()).toContainText(`webhook-id: ${failedEvent}`);
    await page.getByRole("tab", { name: "Response" }).first().click();
    await expect(page.getByRole("tabpanel", { name: "Response" }).first()).toContainText("HTTP 500");
    await expect(page.getByRole("tabpanel", { name: "Response" }).first()).toContainText("not today");
    await expectNoSeriousViolations(page);
    await screenshot(page, "logs-delivery");

    // Retry now: the page follows by itself until the new attempt shows.
    failing = false;
    await page.getByRole("button", { name: "Retry now" }).click();
    await expect(attempts.first()).toContainText("Attempt 4", { timeout: 20_000 });
    await expect(page.locator("h1 + span")).toHaveText("succeeded", { timeout: 20_000 });

    // The event: each endpoint it went to, with a resend that the page follows too.
    await page.goto(`/events/${failedEvent}`);
    const endpoints = page.getByRole("table", { name: "Endpoints this event went to" });
    const endpointRow = endpoints.getByRole("row").filter({ hasText: receiver.url("/logs-fail") });
    await expect(endpointRow).toContainText("cus_logs");
    await expect(endpointRow.getByRole("cell").nth(3)).toHaveText("4");
    await endpointRow.getByRole("button", { name: "Resend" }).click();
    await expect(page.getByText("Resend requested to 1 endpoint.")).toBeVisible();
    await expect(endpointRow.getByRole("cell").nth(3)).toHaveText("5", { timeout: 20_000 });
    await expectNoSeriousViolations(page);
    await screenshot(page, "logs-event");

    // Dark mode: the same pages, no contrast failures. The event page, checked in light just now, changes
    // only its colours in place; the others are loaded dark.
    await page.emulateMedia({ colorScheme: "dark" });
    await expectNoSeriousViolations(page, { coloursOnly: true });
    for (const path of ["/deliveries?eventType=logs.*", "/events?type=logs.*", "/audit-log", "/alerts", "/tenants"]) {
      await page.goto(path);
      await expectNoSeriousViolations(page);
    }
    await page.goto("/deliveries?eventType=logs.*");
    await failedRow.getByRole("link", { name: /^dlv_/ }).click();
    await expect(page).toHaveURL(/\/deliveries\/dlv_/);
    const deliveryUrl = page.url();
    await expectNoSeriousViolations(page);
    await screenshot(page, "logs-delivery-dark");

    // At 390 px nothing scrolls the page sideways.
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ["/deliveries?eventType=logs.*", deliveryUrl, `/events/${failedEvent}`, "/events", "/audit-log", "/alerts", "/tenants"]) {
      await page.goto(path);
      await expectNoSidewaysScroll(page);
    }
    await page.goto(deliveryUrl);
    await screenshot(page, "logs-delivery-390");
    expect(errors).toEqual([]);
  } finally {
    await receiver.close();
  }
});

test("deliveries and events page both ways: older, newer, and back to the newest", async ({ page, request }) => {
  const receiver = await startReceiver();
  const errors = watchErrors(page);
  try {
    await page.goto("/settings/api-keys");
    await page.getByLabel("Name").fill("e2e-logs-pages");
    await page.getByRole("button", { name: "Create key" }).click();
    const authorization = `Bearer ${(await page.getByTestId("new-api-key").textContent())!}`;
    expect((await request.put("/api/v1/tenants/cus_pages", { headers: { authorization }, data: { name: "Pages Ltd." } })).ok()).toBe(true);
    const created = await request.post("/api/v1/endpoints", {
      headers: { authorization },
      data: { url: receiver.url("/pages"), eventTypes: ["pages.*"], tenant: "cus_pages" },
    });
    expect(created.status()).toBe(201);
    for (let i = 0; i < 55; i++) await publish(request, authorization, `pages.n${i}`, "cus_pages");
    await expect.poll(() => receiver.received.length, { timeout: 60_000 }).toBe(55);

    for (const [list, filter] of [
      ["/deliveries", "eventType"],
      ["/events", "type"],
    ] as const) {
      await page.goto(`${list}?${filter}=pages.*`);
      const nav = page.getByRole("navigation", { name: `Pages of ${list.slice(1)}` });
      const types = page.getByText(/^pages\.n\d+$/);
      await expect(types).toHaveCount(50);
      const newest = await types.allTextContents();
      await expect(nav.getByRole("link", { name: "Newer" })).toHaveCount(0);
      await nav.getByRole("link", { name: "Older" }).click();
      await expect(page).toHaveURL(/cursor=/);
      await expect(types).toHaveCount(5);
      expect((await types.allTextContents()).filter((type) => newest.includes(type))).toEqual([]);
      await expect(nav.getByRole("link", { name: "Older" })).toHaveCount(0);
      await nav.getByRole("link", { name: "Newer" }).click();
      // The page before the second is the first: its URL carries no cursor.
      await expect(page).toHaveURL(new RegExp(`${list}\\?${filter}=pages\\.\\*$`));
      await expect(types).toHaveCount(50);
      expect(await types.allTextContents()).toEqual(newest);
    }
    expect(errors).toEqual([]);
  } finally {
    await receiver.close();
  }
});
