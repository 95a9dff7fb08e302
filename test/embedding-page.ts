// A page of "the operator's own app" on another loopback origin, embedding a URL in an iframe:
// what a site that frames the customer portal looks like to a browser.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const escapeAttribute = (value: string) => value.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");

/** Serves GET /embed?src=<url>: a page whose only content is an iframe of that URL. */
export async function startEmbeddingPage() {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const src = url.searchParams.get("src");
    if (url.pathname !== "/embed" || !src) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Operator app</title></head>
  <body style="margin:0">
    <h1 style="font:16px sans-serif;margin:8px">Operator app</h1>
    <iframe title="Webhooks portal" src="${escapeAttribute(src)}" style="border:0;width:100%;height:90vh"></iframe>
  </body>
</html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    /** The origin to list in Settings → Portal. */
    origin: `http://127.0.0.1:${port}`,
    /** The page that frames `src`. */
    urlFor: (src: string) => `http://127.0.0.1:${port}/embed?src=${encodeURIComponent(src)}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
