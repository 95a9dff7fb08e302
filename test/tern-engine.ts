import { inProcessHandler } from "@/inngest/handler";
import { Executor } from "@/lib/engine/executor";
import { handlerTransport } from "@/lib/engine/protocol";

/** The embedded executor driving Tern's own functions through the real serve handler, in-process. */
export async function startTernExecutor(): Promise<Executor> {
  const executor = new Executor({
    transport: handlerTransport(inProcessHandler),
    serveUrl: "http://localhost/api/inngest",
    pollMs: 100,
    log: process.env.DEBUG_ENGINE ? console.error : () => {},
  });
  await executor.start();
  return executor;
}
