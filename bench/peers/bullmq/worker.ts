// The peer's delivery worker, in a process of its own: takes jobs from the queue `PEER_CONCURRENCY`
// at a time (BullMQ's local concurrency, its way for I/O-bound jobs), signs each body with the
// endpoint's secret (Standard Webhooks), POSTs it over keep-alive connections, and records the
// attempt in PostgreSQL. A failed attempt is recorded too, then thrown so BullMQ retries the job.
//
// bench/peer.ts sends { completed } and is answered { completed } once that many jobs completed.
import { Worker } from "bullmq";
import { Webhook } from "standardwebhooks";
import { Agent, request } from "undici";
import { closeOnSignal, type DeliveryJob, QUEUE, redis, setting, sql, tell } from "./shared";

const TIMEOUT_MS = 15_000;
const agent = new Agent({ keepAliveTimeout: 30_000, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });

// An endpoint's signer, read once: its secret stays out of the jobs in Redis.
const signers = new Map<string, Promise<Webhook>>();
function signerFor(endpointId: string): Promise<Webhook> {
  let signer = signers.get(endpointId);
  if (!signer) {
    signer = sql<{ secret: string }[]>`select secret from endpoints where id = ${endpointId}`.then(([row]) => {
      if (!row) throw new Error(`endpoint ${endpointId} is gone`);
      return new Webhook(row.secret);
    });
    signer.catch(() => signers.delete(endpointId));
    signers.set(endpointId, signer);
  }
  return signer;
}

async function deliver({ eventId, endpointId, url, body }: DeliveryJob, attempt: number): Promise<void> {
  const timestamp = new Date();
  const signature = (await signerFor(endpointId)).sign(eventId, timestamp, body);
  const started = performance.now();
  let status: number | null = null;
  let error: string | null = null;
  try {
    const response = await request(url, {
      method: "POST",
      dispatcher: agent,
      headers: {
        "content-type": "application/json",
        "webhook-id": eventId,
        "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
        "webhook-signature": signature,
      },
      body,
    });
    status = response.statusCode;
    await response.body.dump();
  } catch (cause) {
    error = (cause as Error).message;
  }
  const durationMs = Math.round(performance.now() - started);
  await sql`
    insert into attempts (event_id, endpoint_id, attempt, status, error, duration_ms)
    values (${eventId}, ${endpointId}, ${attempt}, ${status}, ${error}, ${durationMs})`;
  if (error !== null) throw new Error(error);
  if (status === null || status < 200 || status >= 300) throw new Error(`the endpoint answered ${status}`);
}

const worker = new Worker<DeliveryJob>(QUEUE, (job) => deliver(job.data, job.attemptsMade + 1), {
  connection: redis,
  concurrency: Number(setting("PEER_CONCURRENCY")),
});

// The benchmark waits for one count at a time.
let completed = 0;
let awaited: number | undefined;
const answerIfReached = () => {
  if (awaited === undefined || completed < awaited) return;
  awaited = undefined;
  tell({ completed });
};
worker.on("completed", () => {
  completed += 1;
  answerIfReached();
});
worker.on("error", (error) => console.error(`[peer worker] ${error.message}`));
process.on("message", (message: { completed: number }) => {
  awaited = message.completed;
  answerIfReached();
});

closeOnSignal(
  () => worker.close(),
  () => agent.close(),
  () => sql.end(),
);
await worker.waitUntilReady();
tell({ ready: true });
