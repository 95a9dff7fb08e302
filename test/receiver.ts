// A real HTTP receiver on 127.0.0.1 for delivery tests: records every request and answers
// with whatever the test's responder decides.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedRequest = {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
  /** The status code answered, once the response is finished. */
  status?: number;
};
export type Responder = (request: ReceivedRequest, response: ServerResponse) => void;

export async function startReceiver(responder: Responder = (_req, res) => res.end("ok")) {
  const received: ReceivedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let respond = responder;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request: ReceivedRequest = { path: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), receivedAt: Date.now() };
      res.once("finish", () => (request.status = res.statusCode));
      received.push(request);
      for (const waiter of waiters.filter((w) => received.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      respond(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = "/") => `http://127.0.0.1:${port}${path}`,
    port,
    received,
    setResponder: (next: Responder) => {
      respond = next;
    },
    /** Stops listening (connections are refused, as from a crashed server) until `resume`. */
    pause: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    resume: () => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve)),
    /** Resolves once at least `count` requests have arrived. */
    waitForRequests: (count: number) => (received.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve }))),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
