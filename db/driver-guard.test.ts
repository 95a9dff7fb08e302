import { spawnSync } from "node:child_process";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, getDb, resetDb } from "@/db";

/** Runs `body` in a fresh Node process with the guard installed; returns its exit code and output. */
function runGuarded(body: string) {
  const script = `import { guardAgainstDroppedSocketWrites } from "@/db/driver-guard";
    guardAgainstDroppedSocketWrites();
    ${body}`;
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 20_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the postgres.js dropped-socket guard", () => {
  it("keeps the process alive through the driver's null-socket write, with a new pool", () => {
    const { code, stdout, stderr } = runGuarded(`
      setImmediate(() => {
        const error = new TypeError("Cannot read properties of null (reading 'write')");
        error.stack = error.message + "\\n    at Immediate.nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)";
        throw error;
      });
      setTimeout(() => { console.log("still running"); process.exit(0); }, 100);`);
    expect(stderr).toContain("opening a new connection pool");
    expect(stdout).toContain("still running");
    expect(code).toBe(0);
  });

  it("still ends the process on any other uncaught exception", () => {
    const { code, stdout } = runGuarded(`
      setImmediate(() => { throw new TypeError("Cannot read properties of null (reading 'write')"); });
      setTimeout(() => { console.log("still running"); process.exit(0); }, 100);`);
    expect(stdout).not.toContain("still running");
    expect(code).toBe(1);
  });

  it("replaces the pool on reset, and queries carry on", async () => {
    const before = getDb();
    resetDb();
    expect(getDb()).not.toBe(before);
    const [row] = await db.execute<{ one: number }>(sql`select 1 as one`);
    expect(row!.one).toBe(1);
  });
});
