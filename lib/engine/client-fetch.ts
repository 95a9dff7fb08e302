import { type IncomingEvent, ingestEvents } from "@/lib/engine/ingest";
import { log } from "@/lib/log";

/** A made-up origin: the Inngest client's event sends to it are served in-process, by embeddedEngineFetch. */
export const EMBEDDED_ENGINE_ORIGIN = "http://embedded-engine.tern.invalid";

async function requestBody(input: RequestInfo | URL, init?: RequestInit): Promise<string> {
  if (init?.body !== undefined && init.body !== null) return typeof init.body === "string" ? init.body : await new Response(init.body).text();
  return input instanceof Request ? input.text() : "";
}

/**
 * The Inngest client's fetch in embedded mode: event sends (`inngest.send`, `step.sendEvent`)
 * to the embedded engine's origin are ingested in-process; nothing else of the Inngest API exists.
 */
export async function embeddedEngineFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : input.toString());
  if (url.origin !== EMBEDDED_ENGINE_ORIGIN) return fetch(input, init);
  if (!/^\/e\/[^/]+$/.test(url.pathname)) {
    return Response.json({ status: 501, error: `The embedded executor does not provide ${url.pathname}.` }, { status: 501 });
  }
  try {
    const parsed = JSON.parse(await requestBody(input, init)) as IncomingEvent | IncomingEvent[];
    const ids = await ingestEvents(Array.isArray(parsed) ? parsed : [parsed]);
    return Response.json({ ids, status: 200 });
  } catch (error) {
    // The SDK retries a send that got a 500; the log keeps why it failed.
    log.warn({ err: error, module: "engine" }, "Receiving events from the Inngest client failed");
    return Response.json({ status: 500, error: (error as Error).message }, { status: 500 });
  }
}
