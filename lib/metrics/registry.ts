// The process's Prometheus registry. Route handlers are bundled apart from one another, so the
// registry lives on the process's global object: every bundle counts into the same series.
import { Counter, collectDefaultMetrics, Registry } from "prom-client";
import { type DatabaseSeries, databaseSeries } from "@/lib/metrics/database-series";

type MetricsState = {
  registry: Registry;
  apiRequests: Counter<"method" | "route" | "status">;
  redispatchedEvents: Counter;
  database: DatabaseSeries;
};

const shared = globalThis as typeof globalThis & { ternMetrics?: MetricsState };

function createState(): MetricsState {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const apiRequests = new Counter({
    name: "tern_api_requests_total",
    help: "REST API requests answered by this web server, by method, route template and HTTP status.",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const redispatchedEvents = new Counter({
    name: "tern_events_redispatched_total",
    help: "Stored events whose hand-over to the engine had failed, handed over by this process's sweeper.",
    registers: [registry],
  });
  return { registry, apiRequests, redispatchedEvents, database: databaseSeries(registry) };
}

function metricsState(): MetricsState {
  shared.ternMetrics ??= createState();
  return shared.ternMetrics;
}

/**
 * The route as the OpenAPI document writes it (`/api/v1/endpoints/{id}`): each path segment that
 * is a route parameter's value is replaced by the parameter's name, so ids never become labels.
 */
export function routeTemplate(pathname: string, params: Record<string, string | string[]> | undefined): string {
  const names = new Map<string, string>();
  // A route without [segments] gets no params object at all from Next.
  for (const [name, value] of Object.entries(params ?? {})) for (const one of [value].flat()) names.set(one, name);
  if (names.size === 0) return pathname;
  return pathname
    .split("/")
    .map((segment) => {
      const name = names.get(decodedSegment(segment));
      return name === undefined ? segment : `{${name}}`;
    })
    .join("/");
}

function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Counts one answered API request; synchronous, so it adds nothing to the request's time. */
export function countApiRequest(request: Request, params: Record<string, string | string[]> | undefined, status: number): void {
  const route = routeTemplate(new URL(request.url).pathname, params);
  metricsState().apiRequests.inc({ method: request.method, route, status: String(status) });
}

/** Counts events the sweeper handed over to the engine after publishing could not. */
export function countRedispatchedEvents(count: number): void {
  metricsState().redispatchedEvents.inc(count);
}

/** Every series in Prometheus' text format, the database-derived ones read now. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const { registry, database } = metricsState();
  await database.refresh();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
