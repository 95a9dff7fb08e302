import { context, propagation, SpanKind, SpanStatusCode, type TextMapGetter, trace } from "@opentelemetry/api";
import { inSpan } from "@/lib/tracing/spans";

const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

/**
 * Answers an API request in its span, named by method and route template (`routeOf`, asked only
 * when the span records). Inside Next's own server span it is that span's child; called on its
 * own, it continues the trace the caller's traceparent header names.
 */
export function inRequestSpan(request: Request, routeOf: () => string, answer: () => Promise<Response>): Promise<Response> {
  const active = context.active();
  const inServerSpan = trace.getSpan(active) !== undefined;
  const parent = inServerSpan ? active : propagation.extract(active, request.headers, headerGetter);
  const kind = inServerSpan ? SpanKind.INTERNAL : SpanKind.SERVER;
  return inSpan(request.method, { kind, parent }, async (span) => {
    if (span.isRecording()) {
      const route = routeOf();
      span.updateName(`${request.method} ${route}`);
      span.setAttributes({ "http.request.method": request.method, "http.route": route });
    }
    const response = await answer();
    span.setAttribute("http.response.status_code", response.status);
    if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    return response;
  });
}
