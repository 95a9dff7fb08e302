// The peer's publishing side, as an application server would call it in-process: publish() stores
// the event in PostgreSQL, then queues one job per enabled endpoint with a single addBulk, whose
// jobs are added all or none. Each job's id is (event, endpoint), so publishing again after a
// failed addBulk does not queue a delivery twice.
//
// bench/peer.ts sends { events, callers } and is answered { seconds } once `events` events were
// published by `callers` concurrent callers, as 64 request handlers of an app would.
import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { closeOnSignal, type DeliveryJob, jobOptions, QUEUE, redis, sql, tell } from "./shared";

const queue = new Queue<DeliveryJob>(QUEUE, { connection: redis, defaultJobOptions: jobOptions });

async function publish(type: string, data: unknown): Promise<string> {
  const id = randomUUID();
  const body = JSON.stringify({ type, timestamp: new Date().toISOString(), data });
  // The event and the endpoints to send it to in one round trip.
  const endpoints = await sql<{ id: string; url: string }[]>`
    with event as (insert into events (id, type, payload) values (${id}, ${type}, ${body}::jsonb))
    select id, url from endpoints where enabled`;
  await queue.addBulk(
    endpoints.map((endpoint) => ({
      name: type,
      data: { eventId: id, endpointId: endpoint.id, url: endpoint.url, body },
      opts: { jobId: `${id}.${endpoint.id}` },
    })),
  );
  return id;
}

process.on("message", async ({ events, callers }: { events: number; callers: number }) => {
  let next = 0;
  const start = performance.now();
  try {
    await Promise.all(
      Array.from({ length: callers }, async () => {
        while (next < events) await publish("bench.e2e", { n: next++ });
      }),
    );
    tell({ seconds: (performance.now() - start) / 1000 });
  } catch (error) {
    tell({ error: (error as Error).message });
  }
});

closeOnSignal(
  () => queue.close(),
  () => sql.end(),
);
await queue.waitUntilReady();
tell({ ready: true });
