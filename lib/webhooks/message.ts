// The webhook message: the body every endpoint receives for an event, the signed Standard
// Webhooks headers of one attempt, the headers as recorded, and what counts as delivered.
import type { Event } from "@/db/schema";
import type { SendResult } from "@/lib/webhooks/send";
import { signPayload } from "@/lib/webhooks/sign";

const USER_AGENT = "Tern-Webhooks/0.1";
// Headers Tern sets itself, shown as sent. The signature stays too: it signs only this message id,
// timestamp and body, so it cannot sign anything else, and seeing it helps debug a receiver's check.
const TERN_HEADERS = new Set(["content-type", "user-agent", "webhook-id", "webhook-timestamp", "webhook-signature"]);
/** What stands in for a custom header's value wherever it is shown to someone who may not read it. */
export const REDACTED_HEADER_VALUE = "[redacted]";

export function webhookBody(event: Pick<Event, "id" | "type" | "occurredAt" | "data">): string {
  return JSON.stringify({ id: event.id, type: event.type, timestamp: event.occurredAt.toISOString(), data: event.data });
}

/** Signed with every secret in `secrets` (the previous one too during a rotation's grace period), plus the endpoint's own headers, decrypted. */
export function webhookHeaders(customHeaders: Record<string, string>, messageId: string, body: string, secrets: string[], now = new Date()) {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    ...customHeaders,
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    "webhook-id": messageId,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signPayload({ secrets, messageId, timestamp, body }),
  };
}

/** Request headers as recorded and shown: every custom header's value is a secret, so only Tern's own keep theirs. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, TERN_HEADERS.has(name.toLowerCase()) ? value : REDACTED_HEADER_VALUE]));
}

/** Delivered means any 2xx within the timeout; redirects are not followed, so a 3xx is a failure. */
export function wasDelivered(result: SendResult): boolean {
  return result.status !== undefined && result.status >= 200 && result.status < 300 && !result.timedOut;
}

/** Why an attempt failed, as recorded on it and its delivery. */
export function failureMessage(result: SendResult): string {
  return result.error ?? `Endpoint answered HTTP ${result.status}`;
}
