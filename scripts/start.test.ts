// `npm start` must stop before starting anything when it cannot run: these launch the real
// script, which exits before PostgreSQL or the build, so they take a few seconds each.
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "tern-start-test-"));
  chmodSync(dataDir, 0o755);
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function launch(env: Record<string, string>): Promise<{ code: number | null; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "start.ts")], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: "", TERN_DATA_DIR: dataDir, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stderr, ms: Date.now() - started })));
}

describe("npm start", () => {
  it("stops on bad settings, naming each variable and what it accepts, before starting PostgreSQL", async () => {
    const result = await launch({ TERN_DISABLE_AFTER: "abc", TERN_ENGINE: "both" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('TERN_DISABLE_AFTER must be a duration such as 5d, 12h, 90m, 30s or plain seconds; got "abc"');
    expect(result.stderr).toContain('TERN_ENGINE must be embedded or inngest; got "both"');
    expect(result.ms).toBeLessThan(15_000);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it("stops when the web server's port is taken, before starting PostgreSQL", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const result = await launch({ PORT: String(port) });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Port ${port} is already in use`);
      expect(readdirSync(dataDir)).toEqual([]);
    } finally {
      taken.close();
    }
  });
});
