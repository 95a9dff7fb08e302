// Which engine runs Tern's functions, and the embedded executor's settings.

/** `inngest` when an Inngest server is configured (TERN_ENGINE overrides), else the embedded executor. */
export function engineMode(): "embedded" | "inngest" {
  const explicit = process.env.TERN_ENGINE;
  if (explicit === "embedded" || explicit === "inngest") return explicit;
  return process.env.INNGEST_BASE_URL || process.env.INNGEST_DEV || process.env.INNGEST_SIGNING_KEY ? "inngest" : "embedded";
}

/** The key the embedded executor signs its calls with, so the serve endpoint refuses anyone else. */
export function engineSigningKey(): string | undefined {
  return process.env.TERN_ENGINE_SIGNING_KEY;
}

/** A made-up origin: the client's event sends to it are served in-process (lib/engine/client-fetch). */
export const EMBEDDED_ENGINE_ORIGIN = "http://embedded-engine.tern.invalid";

export function numberSetting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}
