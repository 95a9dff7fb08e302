import { z } from "zod";
import { inngest } from "@/inngest/client";
import { attemptDeliveries, attemptDelivery, endpointConcurrency, type AttemptOutcome } from "@/lib/deliveries/attempt-delivery";
import { markDeliveryFailed } from "@/lib/deliveries/deliveries";
import { DELIVERY_REQUESTED, DELIVERY_RETRY_SCHEDULED } from "@/lib/deliveries/request-delivery";
import { announceEndpointDisabled } from "@/lib/endpoints/announce-disabled";
import { numberSetting } from "@/lib/engine/config";

const deliveryRequested = z.object({
  deliveryId: z.string(),
  endpointId: z.string(),
  trigger: z.enum(["scheduled", "manual"]),
});

const retryScheduled = deliveryRequested.extend({
  retryAt: z.iso.datetime(),
  /** The first of these attempts was held back by the endpoint's rate limit and holds a reserved slot. */
  slotReserved: z.boolean(),
});

/**
 * Makes the requested attempts of an endpoint's deliveries together: one run takes up to
 * TERN_DELIVERY_BATCH_SIZE (100) requests for the endpoint, sends them at most
 * TERN_ENDPOINT_CONCURRENCY (10) at a time and records them in one statement. One batch runs
 * per endpoint at a time, so a slow endpoint holds back only its own deliveries. A delivery
 * that must try again continues in its own `retry-delivery` run.
 */
export const deliver = inngest.createFunction(
  {
    id: "deliver",
    triggers: [{ event: DELIVERY_REQUESTED }],
    // The embedded executor starts a batch as soon as the endpoint's slot is free (see lib/engine/executor.ts).
    batchEvents: { maxSize: numberSetting("TERN_DELIVERY_BATCH_SIZE", 100), timeout: "1s", key: "event.data.endpointId" },
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
      outcomes = await step.run("attempt", () => attemptDeliveries(requests, announceEndpointDisabled));
    } catch {
      // The step failed through all its retries (say, the database was down for half an hour):
      // every delivery goes on by itself, with its own retries.
      outcomes = requests.map(() => ({ done: false, retryAt: new Date().toISOString(), attemptNumber: 0 }));
    }
    const again = requests.flatMap((request, i) => {
      const outcome = outcomes[i]!;
      if (outcome.done) return [];
      // Held back by the rate limit: the same attempt in its reserved slot. Otherwise the schedule's next one.
      const data = { ...request, trigger: outcome.throttled ? request.trigger : "scheduled", retryAt: outcome.retryAt, slotReserved: Boolean(outcome.throttled) };
      return [{ id: `${runId}-${request.deliveryId}`, name: DELIVERY_RETRY_SCHEDULED, data: data satisfies z.input<typeof retryScheduled> }];
    });
    if (again.length) await step.sendEvent("schedule retries", again);
    return { attempted: requests.length, retrying: again.length };
  },
);

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
      const { deliveryId } = retryScheduled.parse(event.data.event.data);
      await markDeliveryFailed(deliveryId, `Delivery stopped: ${error.message}`);
    },
  },
  async ({ event, step }) => {
    const { deliveryId, trigger, retryAt, slotReserved } = retryScheduled.parse(event.data);
    let next = { trigger, retryAt, slotReserved };
    for (let n = 1; ; n++) {
      await step.sleepUntil(`wait ${n}`, next.retryAt);
      const { trigger: attemptTrigger, slotReserved: reserved } = next;
      const outcome = await step.run(`attempt ${n}`, () => attemptDelivery(deliveryId, attemptTrigger, announceEndpointDisabled, { slotReserved: reserved }));
      if (outcome.done) return outcome;
      next = outcome.throttled
        ? { trigger: attemptTrigger, retryAt: outcome.retryAt, slotReserved: true }
        : { trigger: "scheduled", retryAt: outcome.retryAt, slotReserved: false };
    }
  },
);
