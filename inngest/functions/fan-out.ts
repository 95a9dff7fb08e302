import { inngest } from "@/inngest/client";
import { DELIVERY_REQUESTED, deliveryRequestedEvents, EVENT_PUBLISHED, eventPublished } from "@/inngest/events";
import { SEND_BATCH } from "@/inngest/send";
import { createDeliveries } from "@/lib/events/fan-out";
import { contextOf, inSpan } from "@/lib/tracing/spans";

/** One delivery per matching endpoint, then one delivery request each, sent in batches. */
export const fanOut = inngest.createFunction({ id: "fan-out", triggers: [{ event: EVENT_PUBLISHED }], retries: 10 }, async ({ event, step }) => {
  const { eventId, workspaceId, traceparent } = eventPublished.parse(event.data);
  // In the publishing request's trace, as are the attempts it requests (each names that trace).
  const attributes = { "tern.event.id": eventId, "tern.workspace.id": workspaceId };
  const targets = await step.run("create deliveries", () =>
    inSpan("fan-out", { parent: contextOf(traceparent), attributes }, async (span) => {
      const created = await createDeliveries(eventId);
      span.setAttribute("tern.deliveries", created.length);
      return created;
    }),
  );
  for (let i = 0; i < targets.length; i += SEND_BATCH) {
    const requests = deliveryRequestedEvents(targets.slice(i, i + SEND_BATCH), "scheduled", { traceparent });
    await step.sendEvent(`request deliveries ${i / SEND_BATCH + 1}`, requests);
  }
  return { deliveries: targets.length, event: DELIVERY_REQUESTED };
});
