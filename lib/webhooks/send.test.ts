import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MAX_RESPONSE_BODY_BYTES, sendWebhook } from "@/lib/webhooks/send";
import { startReceiver } from "@/test/receiver";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
const send = (url: string, timeoutMs = 5_000) => sendWebhook({ url, headers: { "content-type": "application/json" }, body: '{"hello":"world"}', timeoutMs });

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());
afterEach(() => {
  delete process.env.TERN_ALLOW_PRIVATE_NETWORKS;
});

describe("sendWebhook SSRF guard", () => {
  it.each([
    ["http://127.0.0.1:9/", "127.0.0.1 is a loopback address"],
    ["http://[::1]:9/", "::1 is a loopback address"],
    ["http://10.0.0.1/", "10.0.0.1 is a private address"],
    ["http://172.16.5.4/", "172.16.5.4 is a private address"],
    ["http://192.168.0.10/", "192.168.0.10 is a private address"],
    ["http://169.254.169.254/latest/meta-data", "169.254.169.254 is a cloud metadata address"],
    ["http://100.64.1.1/", "100.64.1.1 is a carrier-grade NAT (CGNAT) address"],
    ["http://0.0.0.0:9/", "0.0.0.0 is an unspecified address"],
    ["http://[::ffff:127.0.0.1]:9/", "::ffff:7f00:1 is a loopback address"],
    ["file:///etc/passwd", "Only http and https URLs can receive webhooks, not file:"],
    ["ftp://example.com/file", "Only http and https URLs can receive webhooks, not ftp:"],
  ])("refuses %s", async (url, reason) => {
    const result = await send(url);
    expect(result.status).toBeUndefined();
    expect(result.error).toBe(`Refused: ${reason}`);
  });

  it("refuses a hostname that resolves to a private address, checking the resolved address", async () => {
    const result = await send(`http://localhost:${receiver.port}/`);
    expect(result.error).toMatch(/^Refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address$/);
    expect(receiver.received).toHaveLength(0);
  });
});

describe("sendWebhook", () => {
  it("posts to a loopback receiver when private networks are allowed", async () => {
    process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
    receiver.setResponder((_req, res) => res.writeHead(200, { "x-receiver": "yes" }).end("thanks"));
    const result = await send(receiver.url("/hook"));
    expect(result).toMatchObject({ status: 200, body: "thanks", timedOut: false });
    expect(result.headers?.["x-receiver"]).toBe("yes");
    expect(receiver.received.at(-1)).toMatchObject({ path: "/hook", body: '{"hello":"world"}' });
  });

  it("does not follow redirects", async () => {
    process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
    receiver.setResponder((req, res) => res.writeHead(req.path === "/moved" ? 302 : 200, { location: "/elsewhere" }).end());
    const before = receiver.received.length;
    const result = await send(receiver.url("/moved"));
    expect(result.status).toBe(302);
    expect(receiver.received).toHaveLength(before + 1);
  });

  it("keeps only the first 64 KiB of a response body", async () => {
    process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
    receiver.setResponder((_req, res) => res.end("x".repeat(MAX_RESPONSE_BODY_BYTES * 3)));
    const result = await send(receiver.url());
    expect(result.status).toBe(200);
    expect(result.body).toHaveLength(MAX_RESPONSE_BODY_BYTES);
  });

  it("reads a body that is not UTF-8 text with its unreadable bytes as U+FFFD, flagged binary", async () => {
    process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
    receiver.setResponder((_req, res) => res.end(Buffer.from([0x6f, 0x6b, 0x00, 0xff, 0x1f, 0x8b])));
    expect(await send(receiver.url())).toMatchObject({ status: 200, body: "ok\uFFFD\uFFFD\u001f\uFFFD", bodyBinary: true });
    receiver.setResponder((_req, res) => res.end("café"));
    expect(await send(receiver.url())).toMatchObject({ body: "café", bodyBinary: false });
  });

  it("drops a character cut in half at 64 KiB rather than calling the body binary", async () => {
    process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
    receiver.setResponder((_req, res) => res.end(`x${"é".repeat(MAX_RESPONSE_BODY_BYTES)}`));
    const result = await send(receiver.url());
    expect(result).toMatchObject({ bodyBinary: false, body: `x${"é".repeat(MAX_RESPONSE_BODY_BYTES / 2 - 1)}` });
  });

  it("keeps any status a response line carries, and says so when it carries none HTTP allows", async () => {
    process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
    const answering = (statusLine: string) => receiver.setResponder((_req, res) => res.socket!.end(`${statusLine}\r\ncontent-length: 2\r\n\r\nok`));
    answering("HTTP/1.1 999 Odd");
    expect(await send(receiver.url())).toMatchObject({ status: 999, body: "ok", timedOut: false });
    answering("HTTP/1.1 000 Zero");
    expect(await send(receiver.url())).toMatchObject({ status: undefined, error: "Invalid HTTP response: its status is below 100" });
  });

  it("enforces the timeout on a receiver that never answers", async () => {
    process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
    receiver.setResponder(() => {});
    const result = await send(receiver.url(), 300);
    expect(result).toMatchObject({ status: undefined, timedOut: true, error: "Timed out after 300 ms" });
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
  });

  it("reports a refused connection", async () => {
    process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
    const result = await send("http://127.0.0.1:9/");
    expect(result.error).toMatch(/ECONNREFUSED/);
    expect(result.timedOut).toBe(false);
  });
});
