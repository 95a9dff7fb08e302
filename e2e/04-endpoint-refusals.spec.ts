import { expect, test } from "@playwright/test";
import { ownerSession } from "./helpers";

test.use({ storageState: ownerSession });

test("the endpoint form refuses a header no request can carry, naming it and saying why", async ({ page }) => {
  await page.goto("/endpoints/new");
  await page.getByLabel("URL").fill("https://hooks.example.com/in");
  await page.getByLabel("Event types").fill("*");
  await page.getByRole("button", { name: "Add header" }).click();
  await page.getByLabel("Header 1 name").fill("Expect");
  await page.getByLabel("Header 1 value").fill("100-continue");
  await page.getByRole("button", { name: "Create endpoint" }).click();

  await expect(page.getByText("Please correct the highlighted fields.")).toBeVisible();
  await expect(page.getByText('Header 1 "Expect" cannot be a custom header: Tern sends the body at once and never waits for 100 Continue.')).toBeVisible();
  await expect(page).toHaveURL(/\/endpoints\/new$/);
  // What was typed stays, so renaming the header is all it takes.
  await expect(page.getByLabel("Header 1 name")).toHaveValue("Expect");
  await expect(page.getByLabel("URL")).toHaveValue("https://hooks.example.com/in");
});
