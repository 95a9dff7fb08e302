import { gzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { startReceiver } from "../test/receiver";
import { ownerSession, screenshot } from "./helpers";

test.use({ storageState: ownerSession });

test("a test send to a receiver answering gzip bytes shows the answer as binary, there and in the history", async ({ page }) => {
  const receiver = await startReceiver((_request, response) =>
    response
      .writeHead(200, { "content-type": "application/octet-stream", "content-encoding": "gzip" })
      .end(Buffer.concat([Buffer.from([0]), gzipSync("zipped")])),
  );
  try {
    await page.goto("/endpoints/new");
    await page.getByLabel("URL").fill(receiver.url("/binary"));
    await page.getByLabel("Event types").fill("binary.*");
    await page.getByRole("button", { name: "Create endpoint" }).click();
    await expect(page.getByText("Endpoint created.")).toBeVisible();

    await page.getByRole("button", { name: "Send test event" }).click();
    const result = page.getByTestId("test-result");
    await expect(result).toContainText("Succeeded");
    await expect(page.getByTestId("test-status")).toHaveText("200");
    await expect(result.getByTestId("binary-body")).toHaveText(
      "Not UTF-8 text (Content-Type: application/octet-stream, Content-Encoding: gzip): the bytes that are not text are shown as �.",
    );
    await expect(result.locator("pre").last()).toContainText("\uFFFD");
    await screenshot(page, "test-send-binary");

    await result.getByRole("link", { name: "Open in history →" }).click();
    await expect(page).toHaveURL(/\/deliveries\/dlv_/);
    await page.getByText("Response", { exact: true }).click();
    await expect(page.getByTestId("binary-body")).toContainText("Not UTF-8 text (Content-Type: application/octet-stream, Content-Encoding: gzip)");
    expect(receiver.received.filter((request) => request.path === "/binary")).toHaveLength(1);
  } finally {
    await receiver.close();
  }
});
