// What the peer's publisher and worker share: the queue, its Redis and PostgreSQL connections,
// and the job one (event, endpoint) pair becomes. Both read their settings from the environment
// bench/peer.ts starts them with, and take commands from it over the IPC channel.
import type { ConnectionOptions, DefaultJobOptions } from "bullmq";
import postgres from "postgres";

export const QUEUE = "webhooks";

/** One delivery: the event's id (its webhook-id), the endpoint, and the body every endpoint is sent. */
export type DeliveryJob = { eventId: string; endpointId: string; url: string; body: string };

export function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (bench/peer.ts sets it)`);
  return value;
}

export const redis: ConnectionOptions = {
  url: setting("PEER_REDIS_URL"),
  // BullMQ's advice for workers: wait through a Redis restart instead of failing commands.
  maxRetriesPerRequest: null,
};

// Retried with backoff like a webhook sender's schedule; a completed job is removed at once,
// since its record is the attempt row in PostgreSQL.
export const jobOptions: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 1_000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

// A `?host=/directory` URL names the server's Unix socket directory, as libpq reads it.
const database = new URL(setting("PEER_DATABASE_URL"));
const socketDir = database.searchParams.get("host") ?? undefined;
database.searchParams.delete("host");
export const sql = postgres(database.toString(), { host: socketDir, max: Number(setting("PEER_DB_POOL_SIZE")), onnotice: () => {} });

/** Sends a message to bench/peer.ts. */
export function tell(message: Record<string, unknown>): void {
  process.send?.(message);
}

/** Closes `resources` in order and exits when bench/peer.ts stops the process. */
export function closeOnSignal(...resources: (() => Promise<unknown>)[]): void {
  const close = async () => {
    for (const release of resources) await release();
    process.exit(0);
  };
  process.once("SIGTERM", close);
  process.once("SIGINT", close);
  // The benchmark ended without a signal (it crashed): nothing is left to publish or deliver for.
  process.once("disconnect", close);
}
