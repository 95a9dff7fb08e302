// Tern's spans, through the OpenTelemetry API alone: until start-tracing.ts registers a provider
// every call here is the API's no-op, so an untraced process pays next to nothing.
import { type Attributes, type Context, context, propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";

const tracer = trace.getTracer("tern");

/** The W3C trace context an engine event carries, so the work it starts joins the trace that asked for it. */
export type TraceCarrier = { traceparent?: string };

/** The active span's trace context, for an engine event's data; empty when nothing records it. */
export function traceContext(): TraceCarrier {
  // A span that does not record (no provider, or one not sampled) would only lend its id to unrecorded work.
  if (!trace.getActiveSpan()?.isRecording()) return {};
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? { traceparent: carrier.traceparent } : {};
}

/** The context whose span `traceparent` names, whatever is active now; a new trace's root without one. */
export function contextOf(traceparent: string | undefined): Context {
  return traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
}

/** Adds attributes to the active span (the request's, while an API request is answered), if one records. */
export function annotateActiveSpan(attributes: Attributes): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}

type SpanOptions = { kind?: SpanKind; attributes?: Attributes; parent?: Context };

/** Runs `work` in a new active span, ended when it settles; a throw marks the span as an error (by the error's class only). */
export function inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  const { kind = SpanKind.INTERNAL, attributes, parent = context.active() } = options;
  return tracer.startActiveSpan(name, { kind, attributes }, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      // The message may hold a query's values or an address: only the class goes out.
      span.setAttribute("error.type", error instanceof Error ? error.name : "unknown");
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
