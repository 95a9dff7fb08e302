import { createHmac, randomBytes } from "node:crypto";

// Standard Webhooks v1: HMAC-SHA256 over "<id>.<timestamp>.<body>" keyed with the
// base64-decoded part of the "whsec_" secret.
const SECRET_PREFIX = "whsec_";

export function generateSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString("base64");
}

export function isSigningSecret(value: string): boolean {
  if (!value.startsWith(SECRET_PREFIX)) return false;
  const key = Buffer.from(value.slice(SECRET_PREFIX.length), "base64");
  return key.length >= 24 && key.length <= 64;
}

function signatureWith(secret: string, content: string): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), "base64");
  return `v1,${createHmac("sha256", key).update(content).digest("base64")}`;
}

/**
 * The `webhook-signature` header value: one v1 signature per secret, space-separated,
 * so receivers accept the message with either secret during a rotation's grace period.
 */
export function signPayload(input: { secrets: string[]; messageId: string; timestamp: number; body: string }): string {
  const content = `${input.messageId}.${input.timestamp}.${input.body}`;
  return input.secrets.map((secret) => signatureWith(secret, content)).join(" ");
}
