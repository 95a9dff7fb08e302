import { inngest } from "@/inngest/client";
import { ALERT_CHANGED, alertChanged } from "@/inngest/events";
import { alertToNotify, notifyChannel } from "@/lib/alerts/notify";
import { log } from "@/lib/log";

/**
 * Tells the workspace's enabled alert channels that an alert opened or resolved: one step per
 * channel, all at once, so a channel that fails is retried (with the engine's backoff) alone
 * while the others have already been told. Each channel records its last success or error.
 */
export const notifyAlert = inngest.createFunction({ id: "notify-alert", triggers: [{ event: ALERT_CHANGED }], retries: 8 }, async ({ event, step, runId }) => {
  const { alertId, change } = alertChanged.parse(event.data);
  const target = await step.run("load alert", () => alertToNotify(alertId, change));
  if (!target) return { alertId, channels: 0 };
  const outcomes = await Promise.all(
    target.channelIds.map((channelId) =>
      step
        .run(`notify ${channelId}`, () => notifyChannel(target.workspaceId, channelId, target.notice))
        .catch((error: unknown) => {
          // Out of retries: the channel's last_error already says why.
          log.warn({ err: error, runId, alertId, channelId }, "alert notification failed for good");
          return "failed" as const;
        }),
    ),
  );
  return { alertId, channels: outcomes.length, sent: outcomes.filter((outcome) => outcome === "sent").length };
});
