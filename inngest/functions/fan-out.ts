import { inngest } from "@/inngest/client";
import { DELIVERY_REQUESTED, deliveryRequestedEvents, EVENT_PUBLISHED, eventPublished } from "@/inngest/events";
import { SEND_BATCH } from "@/inngest/send";
import { createDeliveries } from "@/lib/events/fan-out";

/** One delivery per matching endpoint, then one delivery request each, sent in batches. */
export const fanOut = inngest.createFunction({ id: "fan-out", triggers: [{ event: EVENT_PUBLISHED }], retries: 10 }, async ({ event, step }) => {
  const { eventId } = eventPublished.parse(event.data);
  const targets = await step.run("create deliveries", () => createDeliveries(eventId));
  for (let i = 0; i < targets.length; i += SEND_BATCH) {
    await step.sendEvent(`request deliveries ${i / SEND_BATCH + 1}`, deliveryRequestedEvents(targets.slice(i, i + SEND_BATCH), "scheduled"));
  }
  return { deliveries: targets.length, event: DELIVERY_REQUESTED };
});
