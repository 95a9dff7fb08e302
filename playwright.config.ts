import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// Earlier runs' data dirs, unless their launcher still runs (the dir of a run is in use until
// its server has stopped, after Playwright is done, so each run clears its predecessors').
function removeStaleDataDirs() {
  for (const name of readdirSync(tmpdir()).filter((entry) => entry.startsWith("tern-e2e-"))) {
    const dir = path.join(tmpdir(), name);
    if (Date.now() - statSync(dir).mtimeMs < 10 * 60_000) continue;
    const pidFile = path.join(dir, "tern.pid");
    const alive = existsSync(pidFile) && isRunning(Number(readFileSync(pidFile, "utf8")));
    if (!alive) rmSync(dir, { recursive: true, force: true });
  }
}

function isRunning(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// One fresh data dir (embedded PostgreSQL, secrets) per run; workers inherit it through the env.
if (!process.env.TERN_E2E_DATA_DIR) {
  removeStaleDataDirs();
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
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  // The foundation spec creates the owner on the setup page; the owner then signs in once, and
  // every other spec runs after both.
  projects: [
    { name: "foundation", testMatch: "01-foundation.spec.ts" },
    { name: "owner session", testMatch: "owner-session.setup.ts", dependencies: ["foundation"] },
    { name: "console", testIgnore: "01-foundation.spec.ts", dependencies: ["owner session"] },
  ],
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
