// Raw send: Tern's own signer and sender (lib/webhooks) POSTing straight to a loopback receiver,
// no database and no engine: the ceiling end-to-end delivery is compared with.
import { webhookBody, webhookHeaders } from "@/lib/webhooks/message";
import { sendWebhook } from "@/lib/webhooks/send";
import { generateSigningSecret } from "@/lib/webhooks/sign";
import type { BenchReceiver } from "./lib/receiver";

const IN_FLIGHT = 64;
const PATH = "/raw";

export async function rawSendBench(receiver: BenchReceiver, requests: number) {
  const url = receiver.url(PATH);
  const secrets = [generateSigningSecret()];
  let sent = 0;
  let failed = 0;
  // The same body and headers a delivery attempt builds.
  const send = async (n: number) => {
    const messageId = `evt_raw${n}`;
    const body = webhookBody({ id: messageId, type: "bench.raw", occurredAt: new Date(), data: { n } });
    const headers = webhookHeaders({}, messageId, body, secrets);
    const result = await sendWebhook({ url, body, headers, timeoutMs: 5_000 });
    if (result.status !== 200) failed++;
  };
  const run = (count: number) => {
    const end = sent + count;
    return Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (sent < end) await send(sent++);
      }),
    );
  };

  await run(Math.min(1_000, requests)); // warm-up: connections and JIT
  const start = performance.now();
  await run(requests);
  const seconds = (performance.now() - start) / 1000;
  if (failed > 0) throw new Error(`${failed} raw sends did not get a 200`);
  const perSecond = Math.round(requests / seconds);
  return {
    perSecond,
    summary: `raw-send: ${perSecond} signed POSTs/s (${requests} requests, ${IN_FLIGHT} in flight, Tern's signer and sender, no database)`,
  };
}
