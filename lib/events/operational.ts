// Tern's own operational events, published into the workspace they concern so its endpoints can
// subscribe to them like to any event. Every such event is emitted here.
import type { EndpointDisabled } from "@/lib/endpoints/health";
import { publishEvent } from "@/lib/events/publish";

const ENDPOINT_DISABLED_EVENT = "endpoint.disabled";

/** An endpoint was switched off by delivery (410 Gone, or failing for too long). */
export async function emitEndpointDisabled(disabled: EndpointDisabled): Promise<void> {
  await publishEvent(
    disabled.workspaceId,
    {
      type: ENDPOINT_DISABLED_EVENT,
      data: { endpointId: disabled.endpointId, url: disabled.url, reason: disabled.reason, disabledAt: new Date().toISOString() },
    },
    // The strict catalog check is for the operator's events, not Tern's own.
    { operational: true },
  );
}
