// Delivery throughput on this machine: raw signed sends (no database) vs. end-to-end delivery
// through publish → fan-out → deliver with the embedded executor and embedded PostgreSQL.
// Usage: npm run bench:delivery -- [events=2000] [endpoints=4]
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const EVENTS = Number(process.argv[2] ?? 2000);
const ENDPOINTS = Number(process.argv[3] ?? 4);

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";
process.env.TERN_ENCRYPTION_KEY ??= Buffer.alloc(32, 3).toString("base64");
process.env.TERN_ENGINE_SIGNING_KEY ??= `signkey-bench-${"cd".repeat(32)}`;
process.env.TERN_DB_POOL_SIZE ??= "20";

const dir = mkdtempSync(path.join(tmpdir(), "tern-bench-"));
chmodSync(dir, 0o755);
const { startEmbeddedPostgres } = await import("@/db/embedded");
const database = await startEmbeddedPostgres({ clusterDir: path.join(dir, "postgres") });
process.env.DATABASE_URL = database.url;
const { migrateDatabase } = await import("@/db/migrate");
await migrateDatabase(database.url);

let received = 0;
let onReceived = () => {};
const receiver = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    received++;
    onReceived();
    response.end("ok");
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
const until = (count: number) =>
  new Promise<void>((resolve) => {
    onReceived = () => received >= count && resolve();
    onReceived();
  });

// 1. Raw: the same signer and sender, 64 requests in flight, no database.
const { sendWebhook } = await import("@/lib/webhooks/send");
const { signPayload, generateSigningSecret } = await import("@/lib/webhooks/sign");
const secret = generateSigningSecret();
const RAW = 20_000;
let next = 0;
const rawStart = performance.now();
await Promise.all(
  Array.from({ length: 64 }, async () => {
    while (next++ < RAW) {
      const body = JSON.stringify({ id: `evt_${next}`, type: "bench", data: { n: next } });
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = signPayload({ secrets: [secret], messageId: `evt_${next}`, timestamp, body });
      await sendWebhook({ url, body, timeoutMs: 5_000, headers: { "content-type": "application/json", "webhook-signature": signature } });
    }
  }),
);
const rawPerSecond = RAW / ((performance.now() - rawStart) / 1000);

// 2. End to end through the engine.
received = 0;
const { startEmbeddedExecutor } = await import("@/lib/engine/start");
const executor = (await startEmbeddedExecutor())!;
const { createOwnedWorkspace } = await import("@/test/fixtures");
const { createEndpoint } = await import("@/lib/endpoints/endpoints");
const { createEndpointInput } = await import("@/lib/endpoints/schemas");
const { publishEvent } = await import("@/lib/events/publish");
const { workspace } = await createOwnedWorkspace("bench");
for (let i = 0; i < ENDPOINTS; i++) {
  await createEndpoint(workspace.id, createEndpointInput.parse({ url, eventTypes: ["*"] }), { type: "system", id: null });
}
const expected = EVENTS * ENDPOINTS;
const e2eStart = performance.now();
for (let i = 0; i < EVENTS; i += 50) {
  await Promise.all(Array.from({ length: Math.min(50, EVENTS - i) }, (_, j) => publishEvent(workspace.id, { type: "bench.tick", data: { n: i + j } })));
}
const publishedAfter = (performance.now() - e2eStart) / 1000;
await until(expected);
const e2eSeconds = (performance.now() - e2eStart) / 1000;
const e2ePerSecond = expected / e2eSeconds;

console.log(`raw-send: ${rawPerSecond.toFixed(0)} signed POSTs/s (${RAW} requests, 64 in flight)`);
console.log(
  `end-to-end: ${e2ePerSecond.toFixed(0)} deliveries/s (${EVENTS} events × ${ENDPOINTS} endpoints = ${expected} deliveries in ${e2eSeconds.toFixed(1)} s; publishing took ${publishedAfter.toFixed(1)} s), ${((100 * e2ePerSecond) / rawPerSecond).toFixed(1)} % of raw`,
);
console.log(JSON.stringify({ rawSendPerSecond: Math.round(rawPerSecond), endToEndDeliveriesPerSecond: Math.round(e2ePerSecond) }));

await executor.stop();
receiver.close();
const { getDb } = await import("@/db");
await getDb().$client.end();
await database.stop();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
