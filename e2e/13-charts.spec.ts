import { expect, test } from "@playwright/test";
import { startReceiver } from "../test/receiver";
import { expectNoSeriousViolations, expectNoSidewaysScroll, ownerSession, screenshot, watchErrors } from "./helpers";

// Two page views, each with axe in light and dark, after deliveries that take a few retries to settle.
test.describe.configure({ mode: "serial", timeout: 180_000 });
test.use({ storageState: ownerSession });

test("the dashboard's charts show the attempts made, with values on hover and from the keyboard, on a laptop and a phone, light and dark", async ({
  page,
  request,
}) => {
  const errors = watchErrors(page);
  const receiver = await startReceiver((req, res) => {
    if (req.path === "/charts-down") return res.writeHead(503).end("down for maintenance");
    // Longer than the endpoint's 1 s timeout.
    if (req.path === "/charts-slow") return void setTimeout(() => res.writeHead(200).end("late"), 2_500);
    res.writeHead(200).end("ok");
  });
  // A port nothing listens on: its attempts are refused.
  const gone = await startReceiver();
  const refusedUrl = gone.url("/charts-refused");
  await gone.pause();
  try {
    await page.goto("/settings/api-keys");
    await page.getByLabel("Name").fill("e2e-charts");
    await page.getByRole("button", { name: "Create key" }).click();
    const authorization = `Bearer ${(await page.getByTestId("new-api-key").textContent())!}`;

    const endpointIds: Record<string, string> = {};
    for (const [name, url] of [
      ["ok", receiver.url("/charts-ok")],
      ["down", receiver.url("/charts-down")],
      ["slow", receiver.url("/charts-slow")],
      ["refused", refusedUrl],
    ] as const) {
      const created = await request.post("/api/v1/endpoints", {
        headers: { authorization },
        data: { url, eventTypes: ["chart.*"], timeoutMs: 1_000 },
      });
      expect(created.status()).toBe(201);
      endpointIds[name] = (await created.json()).id;
    }
    const from = new Date(Date.now() - 60_000).toISOString();
    for (let i = 0; i < 4; i++) {
      const published = await request.post("/api/v1/events", { headers: { authorization }, data: { type: "chart.drawn", data: { i } } });
      expect(published.status()).toBe(202);
    }
    // Each failing endpoint's deliveries settle after three attempts (the e2e schedule retries twice, quickly).
    await expect
      .poll(
        async () => {
          const stats = await (await request.get(`/api/v1/stats?${new URLSearchParams({ from })}`, { headers: { authorization } })).json();
          return [stats.statusClasses["2xx"] >= 4, stats.statusClasses["5xx"] >= 12, stats.statusClasses.timeout >= 12, stats.statusClasses.refused >= 12];
        },
        { timeout: 60_000 },
      )
      .toEqual([true, true, true, true]);

    // Each width loaded once; dark mode, a media query, applies without a reload and changes colours only.
    for (const viewport of [
      { name: "1440", width: 1440, height: 900 },
      { name: "390", width: 390, height: 844 },
    ]) {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: "light" });
      await page.goto("/dashboard?range=1h");
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        const outcomes = page.getByRole("application", { name: /^Deliveries by outcome/ });
        await expect(outcomes).toBeVisible();
        await expect(page.getByRole("application", { name: /^Attempts by response/ })).toBeVisible();
        await expect(page.getByRole("application", { name: /^Attempt latency/ })).toBeVisible();
        for (const responseClass of ["2xx", "5xx", "timeout", "refused"]) await expect(page.getByTestId(`response-class-${responseClass}`)).toBeVisible();
        await expectNoSeriousViolations(page, { coloursOnly: colorScheme === "dark" });
        await expectNoSidewaysScroll(page);
        await screenshot(page, `dashboard-charts-${viewport.name}-${colorScheme}`);
      }
    }

    // Hovering the newest minute shows its values; so does the keyboard, from the chart's focus.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto("/dashboard?range=1h");
    const attempts = page.getByRole("application", { name: /^Attempts by response/ });
    const box = (await attempts.boundingBox())!;
    await attempts.hover({ position: { x: box.width - 14, y: box.height / 2 } });
    const tooltip = page.getByRole("status").filter({ hasText: "UTC" });
    await expect(tooltip).toContainText(/Attempts\s*\d+/);
    await expect(tooltip).toContainText(/2xx/);
    await page.mouse.move(0, 0);
    await expect(tooltip).toHaveCount(0);
    await attempts.focus();
    await page.keyboard.press("ArrowLeft");
    await expect(tooltip).toContainText(/Attempts\s*\d+/);
    await expect(page.getByRole("table", { name: /^Attempts by response per minute/ })).toBeAttached();

    // The endpoint page charts its own attempts; the list's sparklines take the endpoints' health colours.
    await page.goto(`/endpoints/${endpointIds.down}`);
    await expect(page.getByRole("application", { name: /^Attempts by response/ })).toBeVisible();
    await expect(page.getByRole("application", { name: /^Attempt latency/ })).toBeVisible();
    await screenshot(page, "endpoint-charts");
    await page.goto("/endpoints");
    const rowOf = (url: string) => page.getByRole("row").filter({ has: page.getByRole("link", { name: url }) });
    await expect(rowOf(receiver.url("/charts-down")).getByTestId("sparkline")).toHaveAttribute("data-health", "failing");
    await expect(rowOf(receiver.url("/charts-ok")).getByTestId("sparkline")).toHaveAttribute("data-health", "healthy");
    await expect(rowOf(receiver.url("/charts-ok")).getByRole("img", { name: /attempts in 24 hours/ })).toBeVisible();
    await expectNoSeriousViolations(page);

    expect(errors).toEqual([]);
  } finally {
    await receiver.close();
  }
});
