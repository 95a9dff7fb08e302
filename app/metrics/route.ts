import { problem } from "@/lib/api/problem";
import { metricsAccess } from "@/lib/metrics/metrics-access";
import { renderMetrics } from "@/lib/metrics/registry";

export async function GET(request: Request) {
  const access = metricsAccess(request.headers);
  if (access === "unauthorized") {
    return problem(401, "Send the metrics token as `Authorization: Bearer <TERN_METRICS_TOKEN>`.", { headers: { "www-authenticate": "Bearer" } });
  }
  if (access === "forbidden") {
    return problem(403, "Without TERN_METRICS_TOKEN set, /metrics answers only requests from this machine. Set the token to scrape it from elsewhere.");
  }
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}
