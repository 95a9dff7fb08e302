// Ingest: POST /api/v1/events (or, with a batch size, POST /api/v1/events/batch) at saturation,
// in a workspace where no endpoint subscribes (the fan-out still runs and finds nothing).
import { type BenchApp, RATE_LIMIT_NOTE } from "./lib/app";
import { cpuMsPer, cpuSeconds, describeCpu } from "./lib/cpu";
import { progress } from "./lib/log";
import { type RestClient, restClient } from "./lib/rest";
import { type Percentiles, percentiles, round } from "./lib/stats";
import { createBenchWorkspace } from "./lib/workspace";

/** Requests/s and their latency; with batches, eventsPerSecond counts their events. */
export type IngestResult = { perSecond: number; eventsPerSecond: number; latency: Percentiles; accepted: number; failed: number; seconds: number };

/**
 * Closed loop: `connections` callers publish back to back, an event or a batch of `batchSize`
 * per request, until `seconds` pass or `stop()` holds.
 */
export async function ingestLoad(
  client: RestClient,
  { connections, seconds, stop = () => false, batchSize }: { connections: number; seconds: number; stop?: () => boolean; batchSize?: number },
): Promise<IngestResult> {
  const latencies: number[] = [];
  let failed = 0;
  let n = 0;
  const publish = async (): Promise<boolean> => {
    if (batchSize === undefined) return (await client.publish("bench.ingest", { n: n++ })).status === 202;
    const batch = Array.from({ length: batchSize }, () => ({ type: "bench.ingest", data: { n: n++ } }));
    return (await client.publishBatch(batch)).accepted === batchSize;
  };
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline && !stop()) {
        const sent = performance.now();
        if (await publish().catch(() => false)) latencies.push(performance.now() - sent);
        else failed++;
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  return {
    perSecond: Math.round(latencies.length / elapsed),
    eventsPerSecond: Math.round((latencies.length * (batchSize ?? 1)) / elapsed),
    latency: percentiles(latencies),
    accepted: latencies.length,
    failed,
    seconds: round(elapsed),
  };
}

/** Ingest at saturation; with `batchSize`, through the batch endpoint, its CPU then per event. */
export async function ingestBench(
  app: BenchApp,
  { connections, seconds, warmupSeconds, batchSize }: { connections: number; seconds: number; warmupSeconds: number; batchSize?: number },
) {
  const { apiKey } = await createBenchWorkspace(batchSize === undefined ? "bench ingest" : "bench ingest, batched");
  const client = restClient(app.baseUrl, apiKey, connections);
  try {
    await ingestLoad(client, { connections, seconds: warmupSeconds, batchSize }); // while V8 compiles the hot paths
    await app.waitForEngineIdle();
    const before = cpuSeconds();
    const result = await ingestLoad(client, { connections, seconds, batchSize });
    const events = result.accepted * (batchSize ?? 1);
    const cpu = cpuMsPer(before, cpuSeconds(), events);
    progress(`ingest: ${events} events accepted; waiting for their fan-outs`);
    const drainSeconds = await app.waitForEngineIdle();
    const rate =
      batchSize === undefined
        ? `ingest: ${result.perSecond} requests/s`
        : `ingest, batched: ${result.eventsPerSecond} events/s in ${result.perSecond} requests/s of ${batchSize} events`;
    return {
      result,
      cpu,
      summary:
        `${rate}, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms ` +
        `(${connections} connections for ${result.seconds} s, no subscribed endpoints${result.failed ? `, ${result.failed} failed` : ""}; ` +
        `fan-out backlog drained ${round(drainSeconds)} s later; ${RATE_LIMIT_NOTE}); ${describeCpu(cpu, batchSize === undefined ? "request" : "event")}`,
    };
  } finally {
    await client.close();
  }
}
