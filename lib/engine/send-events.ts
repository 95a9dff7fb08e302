import { inngest } from "@/inngest/client";
import { engineMode } from "@/lib/engine/config";
import { ingestEvents, type IncomingEvent } from "@/lib/engine/ingest";

/**
 * Hands events to whichever engine runs the functions: embedded, they are written to the
 * database; with an Inngest server they are sent over HTTP (callers record when that succeeded).
 */
export async function sendEngineEvents(events: IncomingEvent[]): Promise<void> {
  if (events.length === 0) return;
  if (engineMode() === "embedded") {
    await ingestEvents(events);
    return;
  }
  await inngest.send(events.map((event) => ({ ...event, data: event.data ?? {} })));
}
