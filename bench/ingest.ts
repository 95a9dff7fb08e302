// Ingest: POST /api/v1/events at saturation, in a workspace where no endpoint subscribes (the
// fan-out still runs and finds nothing).
import { type BenchApp, RATE_LIMIT_NOTE } from "./lib/app";
import { cpuMsPer, cpuSeconds, describeCpu } from "./lib/cpu";
import { progress } from "./lib/log";
import { type RestClient, restClient } from "./lib/rest";
import { type Percentiles, percentiles, round } from "./lib/stats";
import { createBenchWorkspace } from "./lib/workspace";

export type IngestResult = { perSecond: number; latency: Percentiles; accepted: number; failed: number; seconds: number };

/** Closed loop: `connections` callers publish back to back until `seconds` pass or `stop()` holds. */
export async function ingestLoad(
  client: RestClient,
  { connections, seconds, stop = () => false }: { connections: number; seconds: number; stop?: () => boolean },
): Promise<IngestResult> {
  const latencies: number[] = [];
  let failed = 0;
  let n = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline && !stop()) {
        const sent = performance.now();
        const status = await client.publish("bench.ingest", { n: n++ }).then(
          (response) => response.status,
          () => 0,
        );
        if (status === 202) latencies.push(performance.now() - sent);
        else failed++;
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  return { perSecond: Math.round(latencies.length / elapsed), latency: percentiles(latencies), accepted: latencies.length, failed, seconds: round(elapsed) };
}

export async function ingestBench(app: BenchApp, { connections, seconds, warmupSeconds }: { connections: number; seconds: number; warmupSeconds: number }) {
  const { apiKey } = await createBenchWorkspace("bench ingest");
  const client = restClient(app.baseUrl, apiKey, connections);
  try {
    await ingestLoad(client, { connections, seconds: warmupSeconds }); // while V8 compiles the hot paths
    await app.waitForEngineIdle();
    const before = cpuSeconds();
    const result = await ingestLoad(client, { connections, seconds });
    const cpu = cpuMsPer(before, cpuSeconds(), result.accepted);
    progress(`ingest: ${result.accepted} events accepted; waiting for their fan-outs`);
    const drainSeconds = await app.waitForEngineIdle();
    return {
      result,
      cpu,
      summary:
        `ingest: ${result.perSecond} requests/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms ` +
        `(${connections} connections for ${result.seconds} s, no subscribed endpoints${result.failed ? `, ${result.failed} failed` : ""}; ` +
        `fan-out backlog drained ${round(drainSeconds)} s later; ${RATE_LIMIT_NOTE}); ${describeCpu(cpu, "request")}`,
    };
  } finally {
    await client.close();
  }
}
