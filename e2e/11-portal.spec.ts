import { type APIRequestContext, expect, type FrameLocator, type Page, test } from "@playwright/test";
import { startEmbeddingPage } from "../test/embedding-page";
import { startReceiver } from "../test/receiver";
import { expectNoSeriousViolations, ownerSession, screenshot } from "./helpers";

// Whole flows through several pages, axe included: longer than one page's worth of the default.
test.describe.configure({ mode: "serial", timeout: 180_000 });
test.use({ storageState: ownerSession });

const ACCENT = "#aa3300";
const PRODUCT = "Acme Cloud";
const LOGO = "https://cdn.example.com/acme-logo.svg";

async function createApiKey(page: Page): Promise<string> {
  await page.goto("/settings/api-keys");
  await page.getByLabel("Name").fill("e2e-portal");
  await page.getByRole("button", { name: "Create key" }).click();
  return `Bearer ${(await page.getByTestId("new-api-key").textContent())!}`;
}

async function portalSession(request: APIRequestContext, authorization: string, tenant: string, data: Record<string, unknown> = {}) {
  const response = await request.post(`/api/v1/tenants/${tenant}/portal-sessions`, { headers: { authorization }, data });
  expect(response.status()).toBe(201);
  const session = (await response.json()) as { url: string; token: string };
  return { ...session, workspaceId: /\/portal\/(ws_[0-9a-z]{26})#token=/.exec(session.url)![1]! };
}

const portal = (page: Page): FrameLocator => page.frameLocator('iframe[title="Webhooks portal"]');

test("a tenant manages its webhooks in the portal framed by an allowed origin, and nothing of another tenant's", async ({ page, request }) => {
  const receiver = await startReceiver();
  const embedder = await startEmbeddingPage();
  const stranger = await startEmbeddingPage();
  try {
    const authorization = await createApiKey(page);
    for (const key of ["portal-a", "portal-b"]) {
      expect((await request.put(`/api/v1/tenants/${key}`, { headers: { authorization }, data: { name: key.toUpperCase() } })).ok()).toBe(true);
    }
    const bEndpoint = await request.post("/api/v1/endpoints", {
      headers: { authorization },
      data: { tenant: "portal-b", url: receiver.url("/portal-b"), eventTypes: ["*"] },
    });
    expect(bEndpoint.status()).toBe(201);
    const bEndpointId = (await bEndpoint.json()).id as string;

    // Settings → Portal: an origin that is not one is refused beside the field; then the branding and the embedding origin are saved.
    await page.goto("/settings/portal");
    await expect(page.getByRole("link", { name: "Portal", exact: true })).toHaveAttribute("aria-current", "page");
    await page.getByLabel("Allowed frame origins").fill("https://app.example.com/embed");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText('"https://app.example.com/embed" is not an origin')).toBeVisible();
    await page.getByLabel("Product name").fill(PRODUCT);
    await page.getByLabel("Logo URL").fill(LOGO);
    await page.getByLabel("Accent colour", { exact: true }).fill(ACCENT);
    await expect(page.getByTestId("portal-preview").locator("header")).toHaveCSS("border-bottom-color", "rgb(170, 51, 0)");
    await page.getByLabel("Allowed frame origins").fill(`${embedder.origin}\nhttps://app.example.com`);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Portal settings saved.")).toBeVisible();
    await expectNoSeriousViolations(page);

    const session = await portalSession(request, authorization, "portal-a", { returnUrl: "https://app.example.com/settings/webhooks" });
    const portalPath = `/portal/${session.workspaceId}`;

    // The portal's own response names who may frame it: the allowed origins, not the stranger.
    const headers = (await request.get(portalPath)).headers();
    expect(headers["content-security-policy"]).toContain(`frame-ancestors ${embedder.origin} https://app.example.com`);
    expect(headers["content-security-policy"]).not.toContain(stranger.origin);
    expect(headers["content-security-policy"]).toContain("img-src 'self' data: blob: https://cdn.example.com");
    expect(headers["x-frame-options"]).toBeUndefined();

    await page.goto(embedder.urlFor(session.url));
    const frame = portal(page);
    await expect(frame.getByRole("heading", { level: 1, name: "Endpoints" })).toBeVisible();
    await expect(frame.getByText("No endpoints yet")).toBeVisible();
    await expect(frame.getByText(`${PRODUCT} webhooks`)).toBeVisible();
    await expect(frame.locator(`header img[src="${LOGO}"]`)).toHaveCount(1);
    await expect(frame.locator("header")).toHaveCSS("border-bottom-color", "rgb(170, 51, 0)");
    await expect(frame.getByRole("link", { name: `← Back to ${PRODUCT}` })).toHaveAttribute("href", "https://app.example.com/settings/webhooks");
    // The token left the address bar once read.
    const framed = page.frames().find((f) => f.url().includes(portalPath))!;
    expect(framed.url()).not.toContain("token=");

    // Create an endpoint, send a test event, see it delivered.
    await frame.getByRole("link", { name: "Add endpoint" }).click();
    await frame.getByLabel("URL", { exact: true }).fill(receiver.url("/portal-a"));
    await frame.getByLabel("All event types, including ones added later").check();
    await frame.getByRole("button", { name: "Create endpoint" }).click();
    await expect(frame.getByText("Endpoint created.")).toBeVisible();
    await expect(frame.getByRole("heading", { level: 1, name: receiver.url("/portal-a") })).toBeVisible();

    await frame.getByRole("button", { name: "Send test event" }).click();
    await expect(frame.getByTestId("test-result")).toContainText("succeeded");
    await expect(frame.getByTestId("test-result")).toContainText("HTTP 200");
    expect(receiver.received.filter((r) => r.path === "/portal-a")).toHaveLength(1);

    await frame.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Deliveries" }).click();
    await expect(frame.getByRole("heading", { level: 1, name: "Deliveries" })).toBeVisible();
    await frame.getByRole("link", { name: "tern.test" }).first().click();
    await expect(frame.getByText("Attempt 1")).toBeVisible();
    await expect(frame.getByText("HTTP 200").first()).toBeVisible();
    await frame.getByRole("button", { name: "Retry now" }).click();
    await expect(frame.getByText("The delivery is being sent again.")).toBeVisible();
    await expect.poll(() => receiver.received.filter((r) => r.path === "/portal-a").length, { timeout: 30_000 }).toBe(2);

    // Reveal, then rotate the secret.
    await frame.getByRole("link", { name: /^ep_/ }).click();
    await frame.getByRole("button", { name: "Reveal secret" }).click();
    const before = await frame.getByTestId("signing-secret").textContent();
    expect(before).toMatch(/^whsec_/);
    await frame.getByLabel("Old secret keeps working for").selectOption("3600");
    await frame.getByRole("button", { name: "Rotate secret" }).click();
    await expect(frame.getByText(/^Secret rotated\. The old one keeps signing too until/)).toBeVisible();
    await expect(frame.getByTestId("signing-secret")).not.toHaveText(before!);
    await screenshot(page, "portal-framed-endpoint");

    // Tenant B's endpoint, by its id, is not found for A's token: in the portal and through the API.
    // A link straight to B's endpoint, with A's token as any portal link carries it (a framed page may keep no storage across loads).
    await framed.goto(`${new URL(framed.url()).origin}${portalPath}/endpoints/${bEndpointId}#token=${session.token}`);
    await expect(frame.getByText("Not found: it does not exist, or it is not yours.")).toBeVisible();
    await expect(frame.getByText(receiver.url("/portal-b"))).toHaveCount(0);
    const asA = { authorization: `Bearer ${session.token}` };
    expect((await request.get(`/api/v1/endpoints/${bEndpointId}`, { headers: asA })).status()).toBe(404);
    expect((await request.patch(`/api/v1/endpoints/${bEndpointId}`, { headers: asA, data: { enabled: false } })).status()).toBe(404);
    const listed = await (await request.get("/api/v1/endpoints", { headers: asA })).json();
    expect(listed.data.map((e: { id: string }) => e.id)).not.toContain(bEndpointId);

    // A site not in the list cannot frame the portal: Chromium shows its error page in the frame instead.
    await page.goto(stranger.urlFor(session.url));
    await expect
      .poll(
        () =>
          page
            .frames()
            .find((f) => f !== page.mainFrame())
            ?.url() ?? "",
      )
      .toMatch(/^chrome-error:/);
    await expect(portal(page).getByRole("heading", { name: "Endpoints" })).toHaveCount(0);
  } finally {
    await receiver.close();
    await embedder.close();
    await stranger.close();
  }
});

test("a revoked or tampered link shows only that it expired; a read-only link changes nothing", async ({ page, request }) => {
  const authorization = await createApiKey(page);

  const tampered = await portalSession(request, authorization, "portal-a");
  const last = tampered.url.at(-1) === "A" ? "B" : "A";
  await page.goto(`${tampered.url.slice(0, -1)}${last}`);
  await expect(page.getByRole("heading", { name: "This link has expired or was revoked." })).toBeVisible();
  await expect(page.getByText(`Ask ${PRODUCT} for a new one.`)).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Portal" })).toHaveCount(0);
  await expect(page.getByText("portal-a", { exact: false })).toHaveCount(0);

  // A link that worked, then was revoked: the next load shows the same page and no data.
  const revoked = await portalSession(request, authorization, "portal-a");
  await page.goto(revoked.url);
  await expect(page.getByRole("heading", { level: 1, name: "Endpoints" })).toBeVisible();
  expect((await request.delete("/api/v1/tenants/portal-a/portal-sessions", { headers: { authorization } })).ok()).toBe(true);
  await page.reload();
  await expect(page.getByRole("heading", { name: "This link has expired or was revoked." })).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
  expect((await request.get("/api/v1/endpoints", { headers: { authorization: `Bearer ${revoked.token}` } })).status()).toBe(401);

  // Read-only: everything shows, no write control does, and the API refuses writes.
  const readOnly = await portalSession(request, authorization, "portal-a", { readOnly: true });
  await page.goto(readOnly.url);
  await expect(page.getByText("This is a read-only link")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Endpoints" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Add endpoint" })).toHaveCount(0);
  await page.getByRole("link", { name: /\/portal-a$/ }).click();
  await expect(page.getByRole("heading", { name: "Health" })).toBeVisible();
  for (const control of ["Reveal secret", "Rotate secret", "Send test event", "Disable", "Delete…", "Recover"]) {
    await expect(page.getByRole("button", { name: control })).toHaveCount(0);
  }
  await expect(page.getByRole("link", { name: "Edit" })).toHaveCount(0);
  await expect(page.getByRole("checkbox", { name: /^Select delivery/ })).toHaveCount(0);
  const asReader = { authorization: `Bearer ${readOnly.token}` };
  const write = await request.post("/api/v1/endpoints", { headers: asReader, data: { url: "https://example.com/hook", eventTypes: ["*"] } });
  expect(write.status()).toBe(403);
  expect((await write.json()).detail).toBe("This portal link is read-only.");

  // Accessible in light and dark, and usable at 390 px wide.
  await expectNoSeriousViolations(page);
  await page.emulateMedia({ colorScheme: "dark" });
  await expectNoSeriousViolations(page, { coloursOnly: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Verifying signatures" }).click();
  await expect(page.getByRole("tab", { name: "Python" })).toBeVisible();
  await page.getByRole("tab", { name: "Python" }).click();
  await expect(page.getByText("from standardwebhooks.webhooks import Webhook")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectNoSeriousViolations(page);
  await screenshot(page, "portal-read-only-390");
});
