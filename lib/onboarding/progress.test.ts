// The "Get started" checklist's ticks, read from a real database as each step is taken.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { events } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { sendTestEvent } from "@/lib/deliveries/send-test-event";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { newId } from "@/lib/ids";
import { onboardingProgress } from "@/lib/onboarding/progress";
import { createOwnedWorkspace } from "@/test/fixtures";
import { startReceiver } from "@/test/receiver";

process.env.TERN_ALLOW_PRIVATE_NETWORKS = "1";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});

const storeEvent = (workspaceId: string, type: string) => db.insert(events).values({ id: newId("evt"), workspaceId, type, data: {} });

describe("onboarding progress", () => {
  it("ticks each step once it is taken, in this workspace only", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    const other = await createOwnedWorkspace();
    const actor = { type: "user", id: owner.id } as const;
    const none = { apiKey: false, firstEndpointId: null, testEvent: false, publishedEvent: false };
    expect(await onboardingProgress(workspace.id)).toEqual(none);

    await createApiKey(workspace.id, { name: "billing-service", scopes: [] }, actor);
    expect(await onboardingProgress(workspace.id)).toEqual({ ...none, apiKey: true });

    const endpoint = await createEndpoint(workspace.id, createEndpointInput.parse({ url: receiver.url("/hooks"), eventTypes: ["*"] }), actor);
    expect(await onboardingProgress(workspace.id)).toEqual({ ...none, apiKey: true, firstEndpointId: endpoint.id });
    await createEndpoint(workspace.id, createEndpointInput.parse({ url: receiver.url("/second"), eventTypes: ["*"] }), actor);
    expect((await onboardingProgress(workspace.id)).firstEndpointId).toBe(endpoint.id);

    // A test send stores an event too (with a workspace type when asked), but it is not a published one.
    await sendTestEvent(workspace.id, endpoint.id, {}, actor);
    await sendTestEvent(workspace.id, endpoint.id, { eventType: "invoice.paid", data: { id: "inv_1" } }, actor);
    expect(receiver.received).toHaveLength(2);
    expect(await onboardingProgress(workspace.id)).toEqual({ apiKey: true, firstEndpointId: endpoint.id, testEvent: true, publishedEvent: false });

    // Tern's own operational events are not the operator's either.
    await storeEvent(workspace.id, "tern.endpoint.disabled");
    expect((await onboardingProgress(workspace.id)).publishedEvent).toBe(false);

    await storeEvent(workspace.id, "invoice.paid");
    expect(await onboardingProgress(workspace.id)).toEqual({ apiKey: true, firstEndpointId: endpoint.id, testEvent: true, publishedEvent: true });

    expect(await onboardingProgress(other.workspace.id)).toEqual(none);
  });
});
