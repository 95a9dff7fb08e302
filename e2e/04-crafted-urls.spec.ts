import { expect, type Page, test } from "@playwright/test";
import { ownerSession } from "./helpers";

test.describe.configure({ mode: "serial" });
test.use({ storageState: ownerSession });

// Streaming answers 200 before a page fails, so the status alone cannot tell: the page must show itself.
async function expectRendered(page: Page, path: string, heading: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(500);
  await expect(page.getByRole("heading", { level: 1, name: heading }), path).toBeVisible();
  await expect(page.getByText(/This page couldn.t load|A server error occurred/), path).toHaveCount(0);
}

/** The page's own alert naming what it ignored (Next's route announcer is an alert too). */
async function expectIgnored(page: Page, name: string) {
  await expect(page.getByRole("alert").filter({ hasText: "Ignored" })).toContainText(name);
}

async function expectNotFound(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(500);
  await expect(page.getByText("This page could not be found."), path).toBeVisible();
}

test("crafted query strings leave console pages working and say what was ignored", async ({ page }) => {
  await expectRendered(page, "/dashboard?range=constructor", "Dashboard");
  await expectIgnored(page, "range");
  await expect(page.getByRole("link", { name: "24h", exact: true })).toHaveAttribute("aria-current", "page");
  await expectRendered(page, "/dashboard?range=__proto__", "Dashboard");
  await expectRendered(page, "/dashboard?range=7d&range=1h", "Dashboard");
  await expect(page.getByRole("link", { name: "7d", exact: true })).toHaveAttribute("aria-current", "page");
  await expectRendered(page, "/dashboard?endpointId=%00&endpointId=x", "Dashboard");
  await expectIgnored(page, "endpointId");

  await expectRendered(page, "/deliveries?cursor=abc", "Deliveries");
  await expectIgnored(page, "cursor");
  await expectRendered(page, "/deliveries?status=failed&status=bogus&range=constructor&order=sideways&eventId=%00&eventType=%ED%A0%80", "Deliveries");
  await expect(page.getByRole("combobox", { name: "Status" })).toHaveValue("failed");
  await expectIgnored(page, "range");
  const forgedCursor = Buffer.from("0000-01-01T00:00:00.000Z|dlv_01jzzzzzzzzzzzzzzzzzzzzzzz").toString("base64url");
  await expectRendered(page, `/deliveries?cursor=${forgedCursor}`, "Deliveries");
  await expectIgnored(page, "cursor");

  await expectRendered(page, "/events?cursor=abc&type=%00", "Events");
  await expectIgnored(page, "cursor");
  await expectRendered(page, "/events?type=a&type=b", "Events");
  await expectRendered(page, "/endpoints?cursor=abc&cursor=def", "Endpoints");
  await expectIgnored(page, "cursor");
});

test("ids no record can have show the 404 page, not the error page", async ({ page }) => {
  for (const path of [
    "/deliveries/%00",
    "/deliveries/not-an-id",
    "/deliveries/dlv_01jzzzzzzzzzzzzzzzzzzzzzzz",
    "/events/%00",
    "/endpoints/%00?created=%00",
    "/endpoints/ep_01jzzzzzzzzzzzzzzzzzzzzzzz?created=1&created=1",
  ]) {
    await expectNotFound(page, path);
  }
});

test("malformed %-escapes in a path answer 400, as problem+json under /api/v1", async ({ page, request }) => {
  // %ED%A0%80 is an encoded lone surrogate, which decodeURIComponent refuses like a broken escape.
  for (const path of ["/api/v1/endpoints/%E0%A4%A", "/api/v1/events/%", "/api/v1/event-types/%zz", "/api/v1/events/evt_%ED%A0%80"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(400);
    expect(response.headers()["content-type"], path).toBe("application/problem+json");
    expect((await response.json()).detail, path).toContain("malformed %-escape");
  }
  for (const path of ["/deliveries/%E0%A4%A", "/events/evt_%ED%A0%80"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(400);
    await expect(page.getByText("malformed %-escape"), path).toBeVisible();
  }
});
