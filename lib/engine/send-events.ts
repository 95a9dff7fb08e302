import type { Database, Transaction } from "@/db";
import { inngest } from "@/inngest/client";
import { engineMode } from "@/lib/engine/config";
import { ingestEvents, type IncomingEvent } from "@/lib/engine/ingest";

/**
 * Hands events to whichever engine runs the functions. Embedded, they are written in the
 * caller's transaction, so they exist exactly when the caller's rows do; with an Inngest
 * server they are sent over HTTP (callers record when that succeeded).
 */
export async function sendEngineEvents(events: IncomingEvent[], tx?: Database | Transaction): Promise<void> {
  if (events.length === 0) return;
  if (engineMode() === "embedded") {
    await ingestEvents(events, tx);
    return;
  }
  await inngest.send(events.map((event) => ({ ...event, data: event.data ?? {} })));
}
