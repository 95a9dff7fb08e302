// First-attempt latency at a fixed offered load, open loop: publishes go out on schedule however
// slowly the app answers, and each event's latency runs from sending its publish request to the
// first request with its webhook-id at the receiver. (Timing from the 202 instead would read
// negative whenever this process, busy as publisher and receiver at once, reads the response
// after the webhook.)
import { setTimeout as sleep } from "node:timers/promises";
import type { BenchApp } from "./lib/app";
import type { BenchReceiver } from "./lib/receiver";
import { restClient } from "./lib/rest";
import { percentiles, round } from "./lib/stats";
import { createBenchWorkspace } from "./lib/workspace";

// Enough that publishes leave on schedule, not queued in the client, even while the app is
// slow to answer (at 200 events/s, one second per response means 200 in flight).
const CONNECTIONS = 256;
const PATH = "/latency";

export async function firstAttemptLatencyBench(app: BenchApp, receiver: BenchReceiver, { rate, seconds }: { rate: number; seconds: number }) {
  const { apiKey } = await createBenchWorkspace("bench latency");
  const client = restClient(app.baseUrl, apiKey, CONNECTIONS);
  try {
    await client.createEndpoint(receiver.url(PATH));
    const arrivals = receiver.arrivals(PATH);
    const accepted = new Map<string, number>(); // event id → when its publish request was sent
    let rejected = 0;
    let maxLagMs = 0;

    const total = Math.round(rate * seconds);
    const publishes: Promise<void>[] = [];
    const start = performance.now();
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / rate;
      if (due > performance.now()) await sleep(due - performance.now());
      const sentAt = performance.now();
      maxLagMs = Math.max(maxLagMs, sentAt - due);
      publishes.push(
        client.publish("bench.latency", { n: i }).then(
          ({ id }) => {
            if (id) accepted.set(id, sentAt);
            else rejected++;
          },
          () => {
            rejected++;
          },
        ),
      );
    }
    await Promise.all(publishes);
    await receiver.waitUntil(() => arrivals.size >= accepted.size, `the first attempts of ${accepted.size} events`);
    await app.waitForEngineIdle();

    const latency = percentiles([...accepted].map(([id, at]) => arrivals.get(id)! - at));
    // Well below the offered rate, the app could not keep up and the latencies are mostly queueing.
    let lastArrival = start;
    for (const at of arrivals.values()) lastArrival = Math.max(lastArrival, at);
    const deliveredPerSecond = Math.round(accepted.size / ((lastArrival - start) / 1000));
    return {
      latency,
      deliveredPerSecond,
      summary:
        `first-attempt latency: p50 ${latency.p50} ms, p95 ${latency.p95} ms, p99 ${latency.p99} ms ` +
        `(publish request sent → first attempt received; ${rate} events/s offered for ${seconds} s, first attempts arrived at ${deliveredPerSecond}/s on average; 1 endpoint, ` +
        `${accepted.size}/${total} accepted${rejected ? `, ${rejected} rejected` : ""}; publisher at most ${round(maxLagMs)} ms behind schedule)`,
    };
  } finally {
    await client.close();
  }
}
