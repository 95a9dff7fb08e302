import { inngest } from "@/inngest/client";
import { setting } from "@/lib/config/settings";
import { CLEANUP_BATCH, CLEANUP_TABLES, deleteExpiredBatch, planRetention } from "@/lib/retention/cleanup";

/** Daily (03:00 UTC by default): deletes history older than each workspace's retention, one batch per step. */
export const cleanup = inngest.createFunction({ id: "cleanup", triggers: [{ cron: setting("TERN_CLEANUP_CRON") }], retries: 5 }, async ({ step }) => {
  const plans = await step.run("plan", () => planRetention());
  let deleted = 0;
  for (const plan of plans) {
    for (const table of CLEANUP_TABLES) {
      for (let batch = 1; ; batch++) {
        const count = await step.run(`delete ${table} of ${plan.workspaceId} batch ${batch}`, () => deleteExpiredBatch(plan, table));
        deleted += count;
        if (count < CLEANUP_BATCH) break;
      }
    }
  }
  return { deleted };
});
