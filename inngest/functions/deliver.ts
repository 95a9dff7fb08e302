import { inngest } from "@/inngest/client";
import { DELIVERY_REQUESTED, deliveryRequested, deliveryRetryScheduledEvent } from "@/inngest/events";
import { setting } from "@/lib/config/settings";
import { type AttemptOutcome, attemptDeliveries, markDeliveryFailed } from "@/lib/deliveries/attempt";
import { log } from "@/lib/log";

/**
 * Makes the requested attempts of an endpoint's deliveries together: one run takes up to
 * TERN_DELIVERY_BATCH_SIZE (100) requests for the endpoint, sends them at most
 * TERN_ENDPOINT_CONCURRENCY (10) at a time and records them as they complete. One batch runs
 * per endpoint at a time, so a slow endpoint holds back only its own deliveries. A delivery
 * that must try again continues in its own `retry-delivery` run.
 */
export const deliver = inngest.createFunction(
  {
    id: "deliver",
    triggers: [{ event: DELIVERY_REQUESTED }],
    // The embedded executor starts a batch as soon as the endpoint's slot is free (see lib/engine/executor.ts).
    batchEvents: { maxSize: setting("TERN_DELIVERY_BATCH_SIZE"), timeout: "1s", key: "event.data.endpointId" },
    concurrency: { key: "event.data.endpointId", limit: 1 },
    retries: 10,
    onFailure: async ({ event, error }) => {
      const { deliveryId } = deliveryRequested.parse(event.data.event.data);
      await markDeliveryFailed(deliveryId, `Delivery stopped: ${error.message}`);
    },
  },
  async ({ events, step, runId }) => {
    const requests = events.map((event) => deliveryRequested.parse(event.data));
    let outcomes: AttemptOutcome[];
    try {
      outcomes = await step.run("attempt", () => attemptDeliveries(requests));
    } catch (error) {
      // The step failed through all its retries (say, the database was down for half an hour):
      // every delivery goes on by itself, with its own retries.
      log.warn(
        { err: error, runId, endpointId: requests[0]?.endpointId, deliveryIds: requests.map((request) => request.deliveryId) },
        "batch attempt failed for good; each delivery retries alone",
      );
      outcomes = requests.map(() => ({ done: false, retryAt: new Date().toISOString(), attemptNumber: 0 }));
    }
    const again = requests.flatMap((request, i) => {
      const outcome = outcomes[i]!;
      if (outcome.done) return [];
      // Held back by the rate limit: the same attempt in its reserved slot. Otherwise the schedule's next one.
      const trigger = outcome.throttled ? request.trigger : "scheduled";
      return [deliveryRetryScheduledEvent(runId, { ...request, trigger, retryAt: outcome.retryAt, slotReserved: Boolean(outcome.throttled) })];
    });
    if (again.length) await step.sendEvent("schedule retries", again);
    return { attempted: requests.length, retrying: again.length };
  },
);
