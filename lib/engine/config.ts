// Which engine runs Tern's functions, and the embedded executor's settings.
import { type Settings, setting } from "@/lib/config/settings";

/** `inngest` when an Inngest server is configured (TERN_ENGINE overrides), else the embedded executor. */
export function engineMode(): Settings["TERN_ENGINE"] {
  return setting("TERN_ENGINE");
}

/** The key the embedded executor signs its calls with, so the serve endpoint refuses anyone else. */
export function engineSigningKey(): string | undefined {
  return setting("TERN_ENGINE_SIGNING_KEY");
}

/** A made-up origin: the client's event sends to it are served in-process (lib/engine/client-fetch). */
export const EMBEDDED_ENGINE_ORIGIN = "http://embedded-engine.tern.invalid";

type NumberSettingName = { [Name in keyof Settings]-?: Settings[Name] extends number ? Name : never }[keyof Settings];

/** A numeric setting, for modules not yet reading setting(); its default is the schema's, `_fallback` is not used. */
export function numberSetting<Name extends NumberSettingName>(name: Name, _fallback: number): Settings[Name] {
  return setting(name);
}
