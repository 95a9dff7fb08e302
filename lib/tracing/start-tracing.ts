// OpenTelemetry traces over OTLP/HTTP, started by the web server and the worker when
// OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise nothing is started and spans are the API's no-ops.
import type { Attributes, Context, Link, SpanKind } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOnSampler,
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  type Sampler,
  SamplingDecision,
  type SamplingResult,
} from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { setting } from "@/lib/config/settings";

/**
 * Every trace, except the Inngest SDK's span around each function call: embedded, those calls
 * start no trace of their own but would each open a new one with nothing in it. Tern's spans in
 * the functions name their parent (the delivery's trace), so they are kept.
 */
class WithoutEngineCallSpans implements Sampler {
  private readonly inner = new ParentBasedSampler({ root: new AlwaysOnSampler() });

  shouldSample(parent: Context, traceId: string, name: string, kind: SpanKind, attributes: Attributes, links: Link[]): SamplingResult {
    if (name === "inngest.execution") return { decision: SamplingDecision.NOT_RECORD };
    return this.inner.shouldSample(parent, traceId, name, kind, attributes, links);
  }

  toString(): string {
    return "WithoutEngineCallSpans";
  }
}

/**
 * Registers a tracer provider that batches spans to OTEL_EXPORTER_OTLP_ENDPOINT (`/v1/traces`,
 * JSON; the exporter also reads the other OTEL_EXPORTER_OTLP_* variables, such as headers), as
 * service OTEL_SERVICE_NAME. Returns it, for a flush at shutdown; undefined when not configured.
 */
export function startTracing(): NodeTracerProvider | undefined {
  if (!setting("OTEL_EXPORTER_OTLP_ENDPOINT")) return undefined;
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: setting("OTEL_SERVICE_NAME") })),
    sampler: new WithoutEngineCallSpans(),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // Also the context manager (AsyncLocalStorage) and the W3C trace context propagator.
  provider.register();
  return provider;
}
