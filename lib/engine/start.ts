import type { ServeHandler } from "@/lib/engine/protocol";
import { engineMode } from "@/lib/engine/config";
import { Executor } from "@/lib/engine/executor";
import { handlerTransport } from "@/lib/engine/protocol";

/**
 * Starts the embedded executor in this process, calling the app's serve `handler` in-process.
 * Does nothing against an Inngest server, or when TERN_ENGINE_WORKER=0 (web-only instances).
 */
export async function startEmbeddedExecutor(handler: ServeHandler): Promise<Executor | undefined> {
  if (engineMode() !== "embedded" || process.env.TERN_ENGINE_WORKER === "0") return undefined;
  const executor = new Executor({
    transport: handlerTransport(handler),
    serveUrl: `http://127.0.0.1:${process.env.PORT ?? 3000}/api/inngest`,
  });
  await executor.start();
  return executor;
}
