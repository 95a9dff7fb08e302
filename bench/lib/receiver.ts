// A lean webhook receiver on 127.0.0.1 for the benchmarks: answers 200 at once and keeps only
// when each (path, webhook-id) first arrived, so tens of thousands of requests cost little.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

type Waiter = { done: () => boolean; resolve: () => void; reject: (error: Error) => void; stall: NodeJS.Timeout };

export type BenchReceiver = Awaited<ReturnType<typeof startBenchReceiver>>;

export async function startBenchReceiver() {
  // path → webhook-id → performance.now() of the first request; retries do not count twice.
  const arrivals = new Map<string, Map<string, number>>();
  const waiters = new Set<Waiter>();
  const arrivalsAt = (path: string) => {
    let byId = arrivals.get(path);
    if (!byId) {
      byId = new Map();
      arrivals.set(path, byId);
    }
    return byId;
  };

  const server = createServer((request, response) => {
    const at = performance.now();
    const id = String(request.headers["webhook-id"] ?? "");
    const byId = arrivalsAt(request.url ?? "/");
    if (!byId.has(id)) byId.set(id, at);
    request.resume();
    request.on("end", () => response.end("ok"));
    for (const waiter of waiters) {
      waiter.stall.refresh();
      if (waiter.done()) settle(waiter);
    }
  });
  const settle = (waiter: Waiter, error?: Error) => {
    clearTimeout(waiter.stall);
    waiters.delete(waiter);
    if (error) waiter.reject(error);
    else waiter.resolve();
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    /** webhook-id → first arrival (performance.now()) of the requests to `path`. */
    arrivals: (path: string): ReadonlyMap<string, number> => arrivalsAt(path),
    /** Resolves once `done()` holds; rejects when no request at all arrives for `stallMs`. */
    waitUntil: (done: () => boolean, what: string, stallMs = 60_000) =>
      new Promise<void>((resolve, reject) => {
        if (done()) return resolve();
        const stalled = () => settle(waiter, new Error(`no request for ${stallMs / 1000} s while waiting for ${what}`));
        const waiter: Waiter = { done, resolve, reject, stall: setTimeout(stalled, stallMs) };
        waiters.add(waiter);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
