import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setting } from "@/lib/config/settings";

/** Where Tern keeps its embedded database and generated secrets. */
export function dataDir(): string {
  return setting("TERN_DATA_DIR");
}

/** Reads a secret kept in the data dir, creating it (owner-only) on first use. */
function readOrCreateSecret(name: string, generate = () => randomBytes(32).toString("base64")): string {
  const dir = dataDir();
  const file = path.join(dir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const value = generate();
  writeFileSync(file, `${value}\n`, { mode: 0o600, flag: "wx" });
  return value;
}

/**
 * Fills AUTH_SECRET, TERN_ENCRYPTION_KEY and TERN_ENGINE_SIGNING_KEY from the data dir when they
 * are not set, in the environment, which the web server and the worker inherit.
 */
export function ensureGeneratedSecrets(): void {
  if (!setting("AUTH_SECRET")) process.env.AUTH_SECRET = readOrCreateSecret("auth-secret");
  if (!setting("TERN_ENCRYPTION_KEY")) process.env.TERN_ENCRYPTION_KEY = readOrCreateSecret("encryption-key");
  if (!setting("TERN_ENGINE_SIGNING_KEY")) {
    process.env.TERN_ENGINE_SIGNING_KEY = readOrCreateSecret("engine-signing-key", () => `signkey-embedded-${randomBytes(32).toString("hex")}`);
  }
}
