import type { EndpointDisabled } from "@/lib/deliveries/attempt-delivery";
import { publishEvent } from "@/lib/events/publish";

export const ENDPOINT_DISABLED_EVENT = "endpoint.disabled";

/** Tells the workspace's endpoints subscribed to `endpoint.disabled` that one was switched off. */
export async function announceEndpointDisabled(disabled: EndpointDisabled): Promise<void> {
  await publishEvent(
    disabled.workspaceId,
    {
      type: ENDPOINT_DISABLED_EVENT,
      data: { endpointId: disabled.endpointId, url: disabled.url, reason: disabled.reason, disabledAt: new Date().toISOString() },
    },
    { operational: true },
  );
}
