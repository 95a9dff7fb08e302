"use server";

import { revalidatePath } from "next/cache";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { alertChannelRef, createAlertChannelInput, setAlertChannelEnabledInput } from "@/lib/alerts/channel-schemas";
import { createAlertChannel, deleteAlertChannel, setAlertChannelEnabled, testAlertChannel } from "@/lib/alerts/channels";

const PAGE = "/settings/alerts";

export const createAlertChannelAction = workspaceAction({ role: "admin", schema: createAlertChannelInput }, async (input, ctx) => {
  const channel = await createAlertChannel(ctx.workspaceId, input, ctx.actor);
  revalidatePath(PAGE);
  return { name: channel.name };
});

export const setAlertChannelEnabledAction = workspaceAction({ role: "admin", schema: setAlertChannelEnabledInput }, async (input, ctx) => {
  await setAlertChannelEnabled(ctx.workspaceId, input.channelId, input.enabled, ctx.actor);
  revalidatePath(PAGE);
  return { enabled: input.enabled };
});

export const deleteAlertChannelAction = workspaceAction({ role: "admin", schema: alertChannelRef }, async (input, ctx) => {
  await deleteAlertChannel(ctx.workspaceId, input.channelId, ctx.actor);
  revalidatePath(PAGE);
  return null;
});

export const testAlertChannelAction = workspaceAction({ role: "admin", schema: alertChannelRef }, async (input, ctx) => {
  const result = await testAlertChannel(ctx.workspaceId, input.channelId, ctx.actor);
  revalidatePath(PAGE);
  return result;
});
