// The webhook message: the body every endpoint receives for an event, the signed Standard
// Webhooks headers of one attempt, the headers as recorded, and what counts as delivered.
import type { Endpoint, Event } from "@/db/schema";
import type { SendResult } from "@/lib/webhooks/send";
import { signPayload } from "@/lib/webhooks/sign";

const USER_AGENT = "Tern-Webhooks/0.1";
const SENSITIVE_HEADER = /authorization|cookie|token|secret|key|password|signature-key/i;

export function webhookBody(event: Pick<Event, "id" | "type" | "occurredAt" | "data">): string {
  return JSON.stringify({ id: event.id, type: event.type, timestamp: event.occurredAt.toISOString(), data: event.data });
}

/** Signed with every secret in `secrets` (the previous one too during a rotation's grace period), plus the endpoint's own headers. */
export function webhookHeaders(endpoint: Pick<Endpoint, "headers">, messageId: string, body: string, secrets: string[], now = new Date()) {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    ...endpoint.headers,
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    "webhook-id": messageId,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signPayload({ secrets, messageId, timestamp, body }),
  };
}

/** Request headers as recorded on the attempt: custom headers that look like credentials are masked. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => (SENSITIVE_HEADER.test(name) && !name.startsWith("webhook-") ? [name, "[redacted]"] : [name, value])),
  );
}

/** Delivered means any 2xx within the timeout; redirects are not followed, so a 3xx is a failure. */
export function wasDelivered(result: SendResult): boolean {
  return result.status !== undefined && result.status >= 200 && result.status < 300 && !result.timedOut;
}

/** Why an attempt failed, as recorded on it and its delivery. */
export function failureMessage(result: SendResult): string {
  return result.error ?? `Endpoint answered HTTP ${result.status}`;
}
