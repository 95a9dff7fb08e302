// SIGKILL the worker in the middle of a storm, start a new one: every delivery still arrives,
// duplicates carry the original webhook-id, and the database agrees with the receiver.
import { expect } from "vitest";
import { createOwnedWorkspace } from "@/test/fixtures";
import { startReceiver } from "@/test/receiver";
import { expectAllDelivered, startWorker, storm, subscribe } from "./harness";

export async function killWorkerDuringStorm(events: number, timeoutMs: number) {
  const receiver = await startReceiver((_request, response) => setTimeout(() => response.end("ok"), 2));
  try {
    const first = await startWorker();
    const { workspace } = await createOwnedWorkspace();
    const endpoint = await subscribe(workspace.id, receiver.url("/storm"));
    const published = await storm(workspace.id, events);

    await receiver.waitForRequests(Math.min(150, events / 4));
    await first.kill("SIGKILL");
    const beforeRestart = new Set(receiver.received.map((r) => r.headers["webhook-id"])).size;
    expect(beforeRestart).toBeLessThan(events);

    await startWorker();
    await expectAllDelivered({ received: () => receiver.received, path: "/storm", endpointId: endpoint.id, eventIds: published, timeoutMs });
    // A request cut off by the kill may be repeated; each repeat carries its event's id.
    expect(receiver.received.every((r) => published.includes(r.headers["webhook-id"] as string))).toBe(true);
  } finally {
    await receiver.close();
  }
}
