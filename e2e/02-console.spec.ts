import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { startReceiver } from "../test/receiver";
import { invite, joinWithNewAccount, ownerSession, screenshot, signOut } from "./helpers";

test.describe.configure({ mode: "serial" });
test.use({ storageState: ownerSession });

test("endpoint → test event → publish over REST → filter the history → detail → retry", async ({ page, request }) => {
  let flakyHealthy = false;
  const receiver = await startReceiver((req, res) => {
    if (req.path === "/flaky" && !flakyHealthy) return res.writeHead(500).end("not today");
    res.writeHead(200, { "content-type": "text/plain" }).end("thanks");
  });
  try {
    await page.goto("/dashboard");
    await page.getByRole("link", { name: "Endpoints" }).click();
    await expect(page.getByText("No endpoints yet")).toBeVisible();
    await page.getByRole("link", { name: "New endpoint" }).click();
    await page.getByRole("button", { name: "Create endpoint" }).click();
    await expect(page.getByText("Enter a full URL")).toBeVisible();
    await page.getByLabel("URL").fill(receiver.url("/ok"));
    await page.getByLabel("Event types").fill("*");
    await page.getByRole("button", { name: "Create endpoint" }).click();
    await expect(page.getByText("Endpoint created.")).toBeVisible();

    await page.getByRole("button", { name: "Send test event" }).click();
    await expect(page.getByTestId("test-result")).toContainText("Succeeded");
    await expect(page.getByTestId("test-status")).toHaveText("200");
    await expect(page.getByTestId("test-result")).toContainText("thanks");
    await page.getByRole("button", { name: "Reveal" }).click();
    await expect(page.getByTestId("signing-secret")).toHaveText(/^whsec_[A-Za-z0-9+/]+=*$/);
    await screenshot(page, "endpoint");

    await page.goto("/endpoints/new");
    await page.getByLabel("URL").fill(receiver.url("/flaky"));
    await page.getByLabel("Event types").fill("order.*");
    await page.getByRole("button", { name: "Create endpoint" }).click();
    await expect(page.getByText("Endpoint created.")).toBeVisible();
    await page.goto("/endpoints");
    await expect(page.getByRole("link", { name: receiver.url("/flaky") })).toBeVisible();
    await screenshot(page, "endpoints");

    await page.goto("/settings/api-keys");
    await page.getByLabel("Name").fill("e2e-publisher");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = (await page.getByTestId("new-api-key").textContent())!;
    for (let i = 0; i < 3; i++) {
      const response = await request.post("/api/v1/events", {
        headers: { authorization: `Bearer ${key}` },
        data: { type: "order.created", data: { order: i } },
      });
      expect(response.status()).toBe(202);
    }

    // The test send plus 3 events × 2 endpoints; the flaky ones fail after the short schedule.
    await page.goto("/deliveries");
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("cell", { name: "succeeded" })).toHaveCount(4);
      await expect(page.getByRole("cell", { name: "failed" })).toHaveCount(3);
    }).toPass({ timeout: 30_000 });
    await expect(page.getByRole("cell", { name: "succeeded test" })).toHaveCount(1);
    await screenshot(page, "deliveries");

    // Oldest first puts the test send on top; the sort lives in the URL.
    await page.getByRole("link", { name: /Sort oldest first/ }).click();
    await expect(page).toHaveURL(/order=oldest/);
    await expect(page.getByRole("row").nth(1)).toContainText("test");
    await page.getByRole("link", { name: /Sort newest first/ }).click();
    await expect(page).not.toHaveURL(/order=oldest/);

    await page.getByRole("combobox", { name: "Status" }).selectOption("failed");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/status=failed/);
    await page.reload();
    await expect(page.getByRole("combobox", { name: "Status" })).toHaveValue("failed");
    await expect(page.getByRole("cell", { name: "failed" })).toHaveCount(3);
    await expect(page.getByRole("cell", { name: "succeeded" })).toHaveCount(0);

    await page.getByRole("combobox", { name: "Endpoint" }).selectOption({ label: receiver.url("/ok") });
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/endpointId=ep_/);
    await expect(page.getByText("No deliveries match")).toBeVisible();

    await page.goto("/deliveries?status=failed");
    await page.getByRole("link", { name: /^dlv_/ }).first().click();
    await expect(page.getByText("Attempt 3")).toBeVisible();
    await expect(page.getByText("Endpoint answered HTTP 500").first()).toBeVisible();
    await screenshot(page, "delivery");

    flakyHealthy = true;
    await page.getByRole("button", { name: "Retry now" }).click();
    await expect(page.getByText("Retry requested")).toBeVisible();
    await expect(async () => {
      await page.reload();
      await expect(page.getByText("Attempt 4")).toBeVisible();
    }).toPass({ timeout: 20_000 });
    await expect(page.getByText("manual")).toBeVisible();

    // The dashboard counts what this test produced: the test send, 3 + 1 retried successes, 2 failures left.
    await expect(async () => {
      await page.goto("/dashboard?range=1h");
      await expect(page.getByTestId("stat-succeeded")).toHaveText("5");
      await expect(page.getByTestId("stat-failed")).toHaveText("2");
    }).toPass({ timeout: 20_000 });
    await expect(page.getByTestId("stat-success-rate")).toHaveText("71.4 %");
    await screenshot(page, "dashboard");

    // Recover the flaky endpoint's two remaining failures: counted first, then re-sent.
    await page.goto("/endpoints");
    await page.getByRole("link", { name: receiver.url("/flaky") }).click();
    await page.getByRole("button", { name: "Count deliveries" }).click();
    await expect(page.getByTestId("recover-count")).toHaveText("2");
    await page.getByRole("button", { name: "Re-send them" }).click();
    await expect(page.getByText("Re-sending 2 deliveries.")).toBeVisible();
    await expect(async () => {
      await page.goto("/deliveries?status=failed");
      await expect(page.getByText("No deliveries match")).toBeVisible();
    }).toPass({ timeout: 20_000 });

    // Rotate the /ok endpoint's secret; the next delivery verifies with the old and the new one.
    await page.goto("/endpoints");
    await page.getByRole("link", { name: receiver.url("/ok") }).click();
    const secretText = page.getByTestId("signing-secret");
    await page.getByRole("button", { name: "Reveal" }).click();
    await expect(secretText).toHaveText(/^whsec_[A-Za-z0-9+/]+=*$/);
    const oldSecret = (await secretText.textContent())!;
    await page.getByRole("button", { name: "Rotate secret" }).click();
    await page.getByRole("dialog", { name: "Rotate the signing secret?" }).getByRole("button", { name: "Rotate secret" }).click();
    await expect(page.getByText("Rotated.")).toBeVisible();
    await expect(secretText).not.toHaveText(oldSecret);
    const newSecret = (await secretText.textContent())!;
    const before = receiver.received.length;
    await request.post("/api/v1/events", { headers: { authorization: `Bearer ${key}` }, data: { type: "secret.check", data: {} } });
    await expect.poll(() => receiver.received.slice(before).find((r) => r.path === "/ok")).toBeTruthy();
    const delivered = receiver.received.slice(before).find((r) => r.path === "/ok")!;
    const headers = delivered.headers as Record<string, string>;
    expect(new Webhook(oldSecret).verify(delivered.body, headers)).toMatchObject({ type: "secret.check" });
    expect(new Webhook(newSecret).verify(delivered.body, headers)).toMatchObject({ type: "secret.check" });
    await expect(page.getByTestId("test-sends")).toContainText("test");
  } finally {
    await receiver.close();
  }
});

test("a viewer sees endpoints and deliveries but no controls that change them", async ({ page }) => {
  // Capture a real "create API key" server-action request, to replay it later as the viewer.
  await page.goto("/settings/api-keys");
  await page.getByLabel("Name").fill("captured");
  const [actionRequest] = await Promise.all([
    page.waitForRequest((req) => req.method() === "POST" && Boolean(req.headers()["next-action"])),
    page.getByRole("button", { name: "Create key" }).click(),
  ]);
  await expect(page.getByTestId("new-api-key")).toBeVisible();
  const forged = { url: actionRequest.url(), headers: await actionRequest.allHeaders(), body: actionRequest.postDataBuffer()! };

  const link = await invite(page, "auditor@example.test", "viewer");
  await signOut(page);

  await joinWithNewAccount(page, link, "auditor password 1234");
  await page.goto("/endpoints");
  await expect(page.getByRole("link", { name: "New endpoint" })).toHaveCount(0);
  await page.getByRole("link", { name: /\/ok$/ }).click();
  await expect(page.getByRole("button", { name: "Reveal" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Send test event" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Disable|Enable/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete endpoint" })).toHaveCount(0);
  await page.goto("/deliveries");
  await expect(page.getByRole("button", { name: /Retry selected/ })).toHaveCount(0);

  // The same server action, forged with the viewer's session, is refused on the server.
  const { cookie: _ownerCookie, ...headers } = forged.headers;
  const response = await page.request.fetch(forged.url, { method: "POST", headers, data: forged.body });
  expect(await response.text()).toContain("Your role (viewer) cannot do this");
  await page.goto("/settings/api-keys");
  await expect(page.getByRole("cell", { name: "captured", exact: true })).toHaveCount(1);
});

test("the catalog feeds the test-event form, and events show how their deliveries went", async ({ page }) => {
  await page.goto("/event-types");
  await expect(page.getByText("The catalog is empty")).toBeVisible();
  await page.getByLabel("Name").fill("order.created");
  await page.getByLabel("Description").first().fill("A customer placed an order");
  await page.getByLabel("Example payload (used by the test button)").first().fill("not json");
  await page.getByRole("button", { name: "Add event type" }).click();
  await expect(page.getByText("Enter a JSON object, or leave it empty.")).toBeVisible();
  await page.getByLabel("Example payload (used by the test button)").first().fill('{"orderId": "o_1", "total": 42}');
  await page.getByRole("button", { name: "Add event type" }).click();
  await expect(page.getByRole("heading", { name: "order.created" })).toBeVisible();
  await screenshot(page, "event-types");

  await page.goto("/endpoints");
  await page.getByRole("link", { name: /\/ok$/ }).click();
  await page.getByLabel("Event type", { exact: true }).selectOption("order.created");
  await expect(page.getByLabel("Payload (data)")).toHaveValue(/"orderId": "o_1"/);

  await page.goto("/events");
  await expect(page.getByText("3 succeeded")).toHaveCount(0);
  await expect(page.getByText("1 succeeded").first()).toBeVisible();
  await screenshot(page, "events");
  await page.getByRole("link", { name: /^evt_/ }).first().click();
  await expect(page.getByRole("heading", { name: "Deliveries" })).toBeVisible();
});
