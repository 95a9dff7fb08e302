// Telling a workspace's alert channels that an alert opened or resolved: what the notify-alert
// function does in its steps, and what "Send a test" does at once.
import { and, asc, eq } from "drizzle-orm";
import { db } from "@/db";
import { type AlertChannel, alertChannels, alerts, endpoints } from "@/db/schema";
import { SMTP_NOT_CONFIGURED, sendAlertEmail } from "@/lib/alerts/email";
import { type AlertNotice, alertNotice, type NoticeChange } from "@/lib/alerts/notice";
import { postSlackNotice } from "@/lib/alerts/slack";
import { decryptSecret } from "@/lib/crypto/secret-box";

/** Sends through one channel; resolves to why it failed, or undefined. */
async function sendThroughChannel(channel: AlertChannel, notice: AlertNotice): Promise<string | undefined> {
  if (channel.kind === "email") return sendAlertEmail(channel.emailRecipients, notice);
  if (!channel.slackWebhookUrlEncrypted) return "This Slack channel has no webhook URL.";
  return postSlackNotice(decryptSecret(channel.slackWebhookUrlEncrypted), notice);
}

/** Sends and notes the outcome on the channel (last_sent_at on success, last_error until the next success). */
export async function sendAndRecord(channel: AlertChannel, notice: AlertNotice): Promise<string | undefined> {
  const error = await sendThroughChannel(channel, notice);
  await db
    .update(alertChannels)
    .set(error ? { lastError: error } : { lastSentAt: new Date(), lastError: null })
    .where(eq(alertChannels.id, channel.id));
  return error;
}

/** The alert as notifications describe it, with the ids of its workspace's enabled channels; undefined once the alert is gone. */
export async function alertToNotify(alertId: string, change: NoticeChange) {
  const [alert] = await db
    .select({
      id: alerts.id,
      workspaceId: alerts.workspaceId,
      condition: alerts.condition,
      summary: alerts.summary,
      openedAt: alerts.openedAt,
      resolvedAt: alerts.resolvedAt,
      endpointUrl: endpoints.url,
    })
    .from(alerts)
    .leftJoin(endpoints, eq(endpoints.id, alerts.endpointId))
    .where(eq(alerts.id, alertId));
  if (!alert) return undefined;
  const channels = await db
    .select({ id: alertChannels.id })
    .from(alertChannels)
    .where(and(eq(alertChannels.workspaceId, alert.workspaceId), eq(alertChannels.enabled, true)))
    .orderBy(asc(alertChannels.createdAt));
  return { workspaceId: alert.workspaceId, notice: alertNotice(alert, change), channelIds: channels.map((channel) => channel.id) };
}

/**
 * Sends the notice through one channel of the workspace. Resolves to "sent", or "skipped" when
 * the channel was deleted or disabled since, or is email without SMTP configured; throws with the reason when sending failed, so the
 * engine tries this channel again.
 */
export async function notifyChannel(workspaceId: string, channelId: string, notice: AlertNotice): Promise<"sent" | "skipped"> {
  const [channel] = await db
    .select()
    .from(alertChannels)
    .where(and(eq(alertChannels.workspaceId, workspaceId), eq(alertChannels.id, channelId)));
  if (!channel?.enabled) return "skipped";
  const error = await sendAndRecord(channel, notice);
  if (!error) return "sent";
  // Trying again cannot help until the operator configures SMTP; the channel shows why.
  if (error === SMTP_NOT_CONFIGURED) return "skipped";
  throw new Error(error);
}
