import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { setting } from "@/lib/config/settings";

// Endpoint signing secrets and custom header values at rest: AES-256-GCM under TERN_ENCRYPTION_KEY.
// Stored as "v1.<iv>.<tag>.<ciphertext>" (base64url) so the scheme can change later.
const VERSION = "v1";

function encryptionKey(): Buffer {
  const key = setting("TERN_ENCRYPTION_KEY");
  if (!key) throw new Error("TERN_ENCRYPTION_KEY is not set: start Tern with `npm start`, which provides one.");
  return key;
}

export function encryptSecret(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export function decryptSecret(sealed: string): string {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error("Unrecognised encrypted secret format.");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

/** Each value of a name → value map sealed on its own, so the names stay readable without the key. */
export function encryptValues(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, encryptSecret(value)]));
}

export function decryptValues(sealed: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(sealed).map(([name, value]) => [name, decryptSecret(value)]));
}
