// A workspace's alert channels: where alert notifications go (email recipients, a Slack incoming
// webhook). The webhook URL is a credential: stored encrypted, and only its host is ever shown.
import { and, asc, eq } from "drizzle-orm";
import { db } from "@/db";
import { type AlertChannel, alertChannels } from "@/db/schema";
import type { CreateAlertChannelInput } from "@/lib/alerts/channel-schemas";
import { testNotice } from "@/lib/alerts/notice";
import { sendAndRecord } from "@/lib/alerts/notify";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/roles";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { DomainError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { hostRefusal } from "@/lib/webhooks/ssrf";

const notFound = () => new DomainError("not_found", "No such alert channel in this workspace.");

/** A channel as the console shows it: the Slack URL reduced to its host. */
function toPublicChannel(channel: AlertChannel) {
  return {
    id: channel.id,
    kind: channel.kind,
    name: channel.name,
    emailRecipients: channel.emailRecipients,
    slackHost: channel.slackWebhookUrlEncrypted ? new URL(decryptSecret(channel.slackWebhookUrlEncrypted)).host : null,
    enabled: channel.enabled,
    lastSentAt: channel.lastSentAt,
    lastError: channel.lastError,
    createdAt: channel.createdAt,
  };
}
export type PublicAlertChannel = ReturnType<typeof toPublicChannel>;

export async function listAlertChannels(workspaceId: string): Promise<PublicAlertChannel[]> {
  const rows = await db.select().from(alertChannels).where(eq(alertChannels.workspaceId, workspaceId)).orderBy(asc(alertChannels.createdAt));
  return rows.map(toPublicChannel);
}

async function findChannel(workspaceId: string, channelId: string): Promise<AlertChannel> {
  const [channel] = await db
    .select()
    .from(alertChannels)
    .where(and(eq(alertChannels.workspaceId, workspaceId), eq(alertChannels.id, channelId)));
  if (!channel) throw notFound();
  return channel;
}

export async function createAlertChannel(workspaceId: string, input: CreateAlertChannelInput, actor: Actor): Promise<PublicAlertChannel> {
  if (input.kind === "slack") {
    // Resolved now, outside the transaction; the sender checks every connection again.
    const refused = await hostRefusal(new URL(input.slackWebhookUrl));
    if (refused) throw new DomainError("invalid", refused, "slackWebhookUrl");
  }
  return db.transaction(async (tx) => {
    const [channel] = await tx
      .insert(alertChannels)
      .values({
        id: newId("ach"),
        workspaceId,
        kind: input.kind,
        name: input.name,
        ...(input.kind === "email" ? { emailRecipients: input.emailRecipients } : { slackWebhookUrlEncrypted: encryptSecret(input.slackWebhookUrl) }),
      })
      .returning();
    const shown = toPublicChannel(channel!);
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: "alert_channel.created",
      targetType: "alert_channel",
      targetId: shown.id,
      details: {
        kind: shown.kind,
        name: shown.name,
        ...(shown.kind === "email" ? { emailRecipients: shown.emailRecipients } : { slackHost: shown.slackHost }),
      },
    });
    return shown;
  });
}

export async function setAlertChannelEnabled(workspaceId: string, channelId: string, enabled: boolean, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(alertChannels)
      .set({ enabled })
      .where(and(eq(alertChannels.workspaceId, workspaceId), eq(alertChannels.id, channelId)))
      .returning({ id: alertChannels.id });
    if (!updated) throw notFound();
    await recordAudit(tx, { workspaceId, actor, action: "alert_channel.updated", targetType: "alert_channel", targetId: channelId, details: { enabled } });
  });
}

export async function deleteAlertChannel(workspaceId: string, channelId: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const [deleted] = await tx
      .delete(alertChannels)
      .where(and(eq(alertChannels.workspaceId, workspaceId), eq(alertChannels.id, channelId)))
      .returning({ id: alertChannels.id, kind: alertChannels.kind, name: alertChannels.name });
    if (!deleted) throw notFound();
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: "alert_channel.deleted",
      targetType: "alert_channel",
      targetId: channelId,
      details: { kind: deleted.kind, name: deleted.name },
    });
  });
}

/** Sends a test notification now, disabled or not, and says whether it arrived; recorded on the channel like any notification. */
export async function testAlertChannel(workspaceId: string, channelId: string, actor: Actor): Promise<{ delivered: boolean; error?: string }> {
  const channel = await findChannel(workspaceId, channelId);
  const error = await sendAndRecord(channel, testNotice(channel.name));
  await recordAudit(db, {
    workspaceId,
    actor,
    action: "alert_channel.tested",
    targetType: "alert_channel",
    targetId: channelId,
    details: { delivered: !error, ...(error && { error }) },
  });
  return error ? { delivered: false, error } : { delivered: true };
}
