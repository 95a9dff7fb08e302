import { chmodSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// One fresh data dir (embedded PostgreSQL, secrets) per run; workers inherit it through the env.
if (!process.env.TERN_E2E_DATA_DIR) {
  process.env.TERN_E2E_DATA_DIR = mkdtempSync(path.join(tmpdir(), "tern-e2e-"));
  chmodSync(process.env.TERN_E2E_DATA_DIR, 0o755);
}
const port = process.env.TERN_E2E_PORT ?? "3100";
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: "list",
  timeout: 60_000,
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium: this machine cannot download Playwright's own browser build.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "npm start",
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    // Always the embedded database: the setup page needs an instance without users.
    // Loopback receivers in the tests, and a short retry schedule so failures settle in seconds.
    env: {
      TERN_DATA_DIR: process.env.TERN_E2E_DATA_DIR,
      PORT: port,
      DATABASE_URL: "",
      TERN_ALLOW_PRIVATE_NETWORKS: "1",
      TERN_RETRY_SCHEDULE: "0.5,0.5",
    },
  },
});
