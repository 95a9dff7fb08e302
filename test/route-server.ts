// A route file's handlers served over real HTTP on 127.0.0.1, for clients that speak HTTP rather
// than call functions: methods the route does not export answer 405, as Next answers them.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

type RouteHandlers = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", (request: Request) => Promise<Response>>>;

async function toRequest(incoming: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) for (const one of [value ?? []].flat()) headers.append(name, one);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  return new Request(new URL(incoming.url ?? "/", origin), { method: incoming.method, headers, body });
}

export async function serveRoute(route: RouteHandlers) {
  const server = createServer(async (incoming, outgoing) => {
    const handler = route[incoming.method as keyof RouteHandlers];
    if (!handler) {
      outgoing.writeHead(405, { allow: Object.keys(route).join(", ") }).end();
      return;
    }
    const response = await handler(await toRequest(incoming, origin));
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path: string) => new URL(path, origin),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
