import { expect, test } from "@playwright/test";
import { startReceiver } from "../test/receiver";
import { ownerSession, screenshot } from "./helpers";

test.use({ storageState: ownerSession });

test("a custom header's value reaches the receiver, shows to the owner, and nowhere else; the dashboard counts target hosts", async ({ page, request }) => {
  const planted = `token-${Date.now().toString(36)}`;
  const receiver = await startReceiver();
  try {
    await page.goto("/endpoints/new");
    await page.getByLabel("URL").fill(receiver.url("/with-header"));
    await page.getByLabel("Event types").fill("header.*");
    await page.getByRole("button", { name: "Add header" }).click();
    await page.getByLabel("Header 1 name").fill("X-Receiver-Token");
    await page.getByLabel("Header 1 value").fill(planted);
    await page.getByRole("button", { name: "Create endpoint" }).click();
    await expect(page.getByText("Endpoint created.")).toBeVisible();
    const endpointId = /\/endpoints\/(ep_[0-9a-z]+)/.exec(page.url())![1]!;
    await expect(page.getByLabel("Header 1 value")).toHaveValue(planted);

    await page.getByRole("button", { name: "Send test event" }).click();
    await expect(page.getByTestId("test-result")).toContainText("Succeeded");
    expect(receiver.received.find((r) => r.path === "/with-header")?.headers["x-receiver-token"]).toBe(planted);

    await page.getByTestId("test-result").getByRole("link", { name: "Open in history →" }).click();
    await expect(page).toHaveURL(/\/deliveries\/dlv_/);
    await expect(page.getByText("X-Receiver-Token: [redacted]")).toBeVisible();
    await expect(page.getByText(planted)).toHaveCount(0);

    await page.goto("/settings/api-keys");
    await page.getByLabel("Name").fill("e2e-endpoint-reader");
    await page.getByLabel("endpoints:read", { exact: true }).check();
    await page.getByRole("button", { name: "Create key" }).click();
    const readerKey = (await page.getByTestId("new-api-key").textContent())!;
    const read = await request.get(`/api/v1/endpoints/${endpointId}`, { headers: { authorization: `Bearer ${readerKey}` } });
    expect(read.status()).toBe(200);
    expect((await read.json()).headers).toEqual({ "X-Receiver-Token": "[redacted]" });

    await page.goto("/dashboard");
    await expect(page.getByTestId("stat-target-hosts")).toHaveText(/^[1-9]/);
    await expect(page.getByRole("list", { name: "Hosts with the most endpoints" })).toContainText("127.0.0.1");
    await screenshot(page, "dashboard-target-hosts");
  } finally {
    await receiver.close();
  }
});
