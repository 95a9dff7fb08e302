import { inngest } from "@/inngest/client";
import { FOLD_BATCH, foldRollupBatch, ROLLUP_TABLES } from "@/lib/stats/fold-rollups";

// Each run stays well inside the number of steps a run may take; a bigger backlog (the first run
// after an upgrade folds all the history before it) is worked off over the next hours.
const MAX_BATCHES_PER_TABLE = 200;

/** Hourly: folds the rollups' shards of the hours that are over into one row per key, one batch per step. */
export const foldRollups = inngest.createFunction(
  { id: "fold-rollups", triggers: [{ cron: "5 * * * *" }], concurrency: { limit: 1 }, retries: 3 },
  async ({ step }) => {
    let folded = 0;
    for (const table of ROLLUP_TABLES) {
      for (let batch = 1; batch <= MAX_BATCHES_PER_TABLE; batch++) {
        const count = await step.run(`fold ${table} batch ${batch}`, () => foldRollupBatch(table));
        folded += count;
        if (count < FOLD_BATCH) break;
      }
    }
    return { folded };
  },
);
