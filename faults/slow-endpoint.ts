// A receiver that never answers: its attempts end at the endpoint's timeout, and it holds at
// most its own concurrency slots, so a healthy endpoint's deliveries keep flowing.
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { attempts } from "@/db/schema";
import { eventually } from "@/test/eventually";
import { createOwnedWorkspace } from "@/test/fixtures";
import { startReceiver } from "@/test/receiver";
import { expectAllDelivered, startWorker, storm, subscribe } from "./harness";

export const HANG_TIMEOUT_MS = 1_000;

/** Delivers `events` to a healthy endpoint, beside a hanging one when asked; returns deliveries/s of the healthy one. */
export async function healthyThroughput(events: number, withHangingEndpoint: boolean) {
  const receiver = await startReceiver((request, response) => {
    if (request.path === "/hang") return; // never answers
    response.end("ok");
  });
  try {
    await startWorker({ TERN_RETRY_SCHEDULE: "60" });
    const { workspace } = await createOwnedWorkspace();
    const healthy = await subscribe(workspace.id, receiver.url("/healthy"));
    const hanging = withHangingEndpoint ? await subscribe(workspace.id, receiver.url("/hang"), { timeoutMs: HANG_TIMEOUT_MS }) : undefined;
    const started = performance.now();
    const published = await storm(workspace.id, events);
    await expectAllDelivered({ received: () => receiver.received, path: "/healthy", endpointId: healthy.id, eventIds: published, timeoutMs: 300_000 });
    const perSecond = events / ((performance.now() - started) / 1000);
    // The hanging endpoint's attempts are recorded as each one times out.
    const hangingAttempts = hanging
      ? await eventually(async () => {
          const rows = await db.select().from(attempts).where(eq(attempts.endpointId, hanging.id));
          return rows.length > 0 ? rows : undefined;
        }, "the hanging endpoint's first attempts to time out")
      : [];
    return { perSecond, hangingAttempts, hangingRequests: receiver.received.filter((r) => r.path === "/hang").length };
  } finally {
    await receiver.close();
  }
}
