import { setting } from "@/lib/config/settings";
import { Executor } from "@/lib/engine/executor";
import type { ServeHandler } from "@/lib/engine/protocol";
import { handlerTransport } from "@/lib/engine/protocol";

/**
 * Starts the embedded executor in this process, calling the app's serve `handler` in-process.
 * Does nothing against an Inngest server, or when TERN_ENGINE_WORKER=0 (web-only instances).
 */
export async function startEmbeddedExecutor(handler: ServeHandler): Promise<Executor | undefined> {
  if (setting("TERN_ENGINE") !== "embedded" || !setting("TERN_ENGINE_WORKER")) return undefined;
  const executor = new Executor({
    transport: handlerTransport(handler),
    serveUrl: `http://127.0.0.1:${setting("PORT")}/api/inngest`,
  });
  await executor.start();
  return executor;
}
