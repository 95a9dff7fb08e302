// The span of one attempt's request, in its delivery's own trace (the one its publish started),
// even when a batch attempts deliveries of many traces together. Ids, the destination host and
// the outcome only: never the URL's path or query, headers or bodies.
import { type Attributes, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { contextOf, inSpan } from "@/lib/tracing/spans";
import { wasDelivered } from "@/lib/webhooks/message";
import type { SendResult } from "@/lib/webhooks/send";

export type TracedAttempt = {
  deliveryId: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  workspaceId: string;
  tenantId: string | null;
  attemptNumber: number;
  trigger: string;
  url: string;
  /** The delivery's trace: the traceparent its engine event carried. */
  traceparent: string | undefined;
};

function hostOf(url: string): string | undefined {
  return URL.canParse(url) ? new URL(url).hostname : undefined;
}

function attemptAttributes(attempt: TracedAttempt): Attributes {
  return {
    "tern.delivery.id": attempt.deliveryId,
    "tern.event.id": attempt.eventId,
    "tern.event.type": attempt.eventType,
    "tern.endpoint.id": attempt.endpointId,
    "tern.workspace.id": attempt.workspaceId,
    ...(attempt.tenantId ? { "tern.tenant.id": attempt.tenantId } : {}),
    "tern.attempt.number": attempt.attemptNumber,
    "tern.attempt.trigger": attempt.trigger,
    "http.request.method": "POST",
    "server.address": hostOf(attempt.url),
  };
}

/** Runs `send` (the attempt's request) in its span; untraced, the attributes are not even built. */
export function inAttemptSpan(attempt: TracedAttempt, send: () => Promise<SendResult>): Promise<SendResult> {
  return inSpan("webhook attempt", { kind: SpanKind.CLIENT, parent: contextOf(attempt.traceparent) }, async (span) => {
    if (span.isRecording()) span.setAttributes(attemptAttributes(attempt));
    const result = await send();
    if (result.status !== undefined) span.setAttribute("http.response.status_code", result.status);
    if (!wasDelivered(result)) {
      span.setAttribute("error.type", result.timedOut ? "timeout" : result.status !== undefined ? String(result.status) : "no_response");
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    return result;
  });
}
