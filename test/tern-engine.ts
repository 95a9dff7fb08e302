import { afterAll, beforeAll } from "vitest";
import { inProcessHandler } from "@/inngest/handler";
import { Executor } from "@/lib/engine/executor";
import { handlerTransport } from "@/lib/engine/protocol";
import { type Responder, startReceiver } from "@/test/receiver";

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

/**
 * A test file's engine and loopback receiver: started before its tests and stopped after them.
 * Read them through the returned object once the tests run (`engine.receiver.url("/path")`).
 */
export function engineAndReceiverForFile(responder?: Responder) {
  const engine = {} as { executor: Executor; receiver: Awaited<ReturnType<typeof startReceiver>> };
  beforeAll(async () => {
    engine.executor = await startTernExecutor();
    engine.receiver = await startReceiver(responder);
  });
  afterAll(async () => {
    await engine.executor?.stop();
    await engine.receiver?.close();
  });
  return engine;
}
