import { inngest } from "@/inngest/client";
import { REDISPATCH_BATCH, redispatchWaitingEvents } from "@/lib/events/dispatch";

// A backlog left by an Inngest server that was down is worked off over several minutes, each run
// well inside the number of steps a run may take.
const MAX_BATCHES_PER_RUN = 100;

/**
 * Every minute: hands over to the Inngest server the stored events whose hand-over failed after
 * publishing stored them, one batch per step. A cron function, because it runs where the functions
 * do (Tern's worker does not run beside an Inngest server); one run at a time, since two would
 * only send the same events twice.
 */
export const redispatchEvents = inngest.createFunction(
  { id: "redispatch-events", triggers: [{ cron: "* * * * *" }], concurrency: { limit: 1 }, retries: 3 },
  async ({ step }) => {
    let redispatched = 0;
    for (let batch = 1; batch <= MAX_BATCHES_PER_RUN; batch++) {
      const count = await step.run(`redispatch batch ${batch}`, () => redispatchWaitingEvents());
      redispatched += count;
      if (count < REDISPATCH_BATCH) break;
    }
    return { redispatched };
  },
);
