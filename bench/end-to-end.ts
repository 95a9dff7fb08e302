// End-to-end delivery throughput: events published through POST /api/v1/events (or, with a
// batch size, POST /api/v1/events/batch) fan out to several endpoints on the loopback receiver;
// sustained deliveries/s until every one arrived, after a warm-up.
import type { BenchApp } from "./lib/app";
import { cpuMsPer, cpuSeconds, describeCpu } from "./lib/cpu";
import type { BenchReceiver } from "./lib/receiver";
import { restClient } from "./lib/rest";
import { round } from "./lib/stats";
import { createBenchWorkspace } from "./lib/workspace";

export async function endToEndBench(
  app: BenchApp,
  receiver: BenchReceiver,
  { events, endpoints, connections, warmup, batchSize }: { events: number; endpoints: number; connections: number; warmup: number; batchSize?: number },
) {
  const { apiKey } = await createBenchWorkspace("bench end-to-end");
  const client = restClient(app.baseUrl, apiKey, connections);
  try {
    const paths = Array.from({ length: endpoints }, (_, i) => `/e2e/${i}`);
    for (const path of paths) await client.createEndpoint(receiver.url(path));
    // Distinct (path, webhook-id) pairs: a retried delivery counts once.
    const delivered = () => paths.reduce((sum, path) => sum + receiver.arrivals(path).size, 0);
    let next = 0;
    // The next event, or the next batch of up to batchSize events, of `count`.
    const publishNext = async (count: number) => {
      if (batchSize === undefined) {
        const { status } = await client.publish("bench.e2e", { n: next++ });
        if (status !== 202) throw new Error(`publishing answered ${status}`);
        return;
      }
      const batch = Array.from({ length: Math.min(batchSize, count - next) }, () => ({ type: "bench.e2e", data: { n: next++ } }));
      const { status, accepted } = await client.publishBatch(batch);
      if (accepted !== batch.length) throw new Error(`publishing a batch of ${batch.length} answered ${status} and stored ${accepted}`);
    };
    const publish = (count: number) =>
      Promise.all(
        Array.from({ length: connections }, async () => {
          while (next < count) await publishNext(count);
        }),
      );

    // Warm-up: the app was just started, and its first thousands of requests run while V8 still
    // compiles the hot paths (in the web server's helper threads, at the cost of the cores).
    await publish(warmup);
    await receiver.waitUntil(() => delivered() >= warmup * endpoints, `${warmup * endpoints} warm-up deliveries`);
    await app.waitForEngineIdle();

    const expected = events * endpoints;
    const baseline = delivered();
    next = 0;
    const cpuBefore = cpuSeconds();
    const start = performance.now();
    await publish(events);
    const publishSeconds = (performance.now() - start) / 1000;
    await receiver.waitUntil(() => delivered() - baseline >= expected, `${expected} deliveries`);
    const seconds = (performance.now() - start) / 1000;
    await app.waitForEngineIdle();
    const cpu = cpuMsPer(cpuBefore, cpuSeconds(), expected);

    const perSecond = Math.round(expected / seconds);
    const via = batchSize === undefined ? "POST /api/v1/events" : `POST /api/v1/events/batch in batches of ${batchSize}`;
    return {
      perSecond,
      publishSeconds: round(publishSeconds),
      cpu,
      summary:
        `end-to-end${batchSize === undefined ? "" : ", batched"}: ${perSecond} deliveries/s (${events} events × ${endpoints} endpoints = ${expected} deliveries in ${round(seconds)} s ` +
        `via ${via}, ${connections} connections, after ${warmup} warm-up events; publishing took ${round(publishSeconds)} s; ${describeCpu(cpu, "delivery")})`,
    };
  } finally {
    await client.close();
  }
}
