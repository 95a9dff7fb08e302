import { inngest } from "@/inngest/client";
import { DELIVERY_RETRY_SCHEDULED, deliveryRetryScheduled } from "@/inngest/events";
import { attemptDelivery, endpointConcurrency, markDeliveryFailed } from "@/lib/deliveries/attempt";

/**
 * The retries of one delivery: a durable sleep until each attempt's time, then the attempt.
 * At most TERN_ENDPOINT_CONCURRENCY (10) retries run at once per endpoint.
 */
export const retryDelivery = inngest.createFunction(
  {
    id: "retry-delivery",
    triggers: [{ event: DELIVERY_RETRY_SCHEDULED }],
    retries: 10,
    concurrency: { key: "event.data.endpointId", limit: endpointConcurrency() },
    onFailure: async ({ event, error }) => {
      const { deliveryId } = deliveryRetryScheduled.parse(event.data.event.data);
      await markDeliveryFailed(deliveryId, `Delivery stopped: ${error.message}`);
    },
  },
  async ({ event, step }) => {
    const { deliveryId, trigger, retryAt, slotReserved, traceparent } = deliveryRetryScheduled.parse(event.data);
    let next = { trigger, retryAt, slotReserved };
    for (let n = 1; ; n++) {
      await step.sleepUntil(`wait ${n}`, next.retryAt);
      const { trigger: attemptTrigger, slotReserved: reserved } = next;
      const outcome = await step.run(`attempt ${n}`, () => attemptDelivery(deliveryId, attemptTrigger, { slotReserved: reserved, traceparent }));
      if (outcome.done) return outcome;
      next = outcome.throttled
        ? { trigger: attemptTrigger, retryAt: outcome.retryAt, slotReserved: true }
        : { trigger: "scheduled", retryAt: outcome.retryAt, slotReserved: false };
    }
  },
);
