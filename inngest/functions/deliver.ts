import { z } from "zod";
import { inngest } from "@/inngest/client";
import { attemptDelivery } from "@/lib/deliveries/attempt-delivery";
import { markDeliveryFailed } from "@/lib/deliveries/deliveries";
import { DELIVERY_REQUESTED } from "@/lib/deliveries/request-delivery";
import { announceEndpointDisabled } from "@/lib/endpoints/announce-disabled";
import { numberSetting } from "@/lib/engine/config";

const deliveryRequested = z.object({
  deliveryId: z.string(),
  endpointId: z.string(),
  trigger: z.enum(["scheduled", "manual"]),
});

/**
 * Delivers one delivery: an attempt per step, a durable sleep until the next attempt time
 * between them. A manual retry makes one attempt. At most TERN_ENDPOINT_CONCURRENCY (10)
 * attempts run at once per endpoint, so a slow endpoint cannot starve the others.
 */
export const deliver = inngest.createFunction(
  {
    id: "deliver",
    triggers: [{ event: DELIVERY_REQUESTED }],
    retries: 10,
    concurrency: { key: "event.data.endpointId", limit: numberSetting("TERN_ENDPOINT_CONCURRENCY", 10) },
    onFailure: async ({ event, error }) => {
      const { deliveryId } = deliveryRequested.parse(event.data.event.data);
      await markDeliveryFailed(deliveryId, `Delivery stopped: ${error.message}`);
    },
  },
  async ({ event, step }) => {
    const { deliveryId, trigger } = deliveryRequested.parse(event.data);
    let next = { trigger, slotReserved: false };
    for (let n = 1; ; n++) {
      const { trigger: attemptTrigger, slotReserved } = next;
      const outcome = await step.run(`attempt ${n}`, () => attemptDelivery(deliveryId, attemptTrigger, announceEndpointDisabled, { slotReserved }));
      if (outcome.done) return outcome;
      // Held back by the endpoint's rate limit: the same attempt in its reserved slot. Otherwise the schedule's next one.
      next = outcome.throttled ? { trigger: attemptTrigger, slotReserved: true } : { trigger: "scheduled", slotReserved: false };
      await step.sleepUntil(`wait ${n}`, outcome.retryAt);
    }
  },
);
