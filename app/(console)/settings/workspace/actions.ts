"use server";

import { revalidatePath } from "next/cache";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { strictEventTypesInput, workspaceSettingsInput } from "@/lib/workspaces/schemas";
import { setStrictEventTypes, updateWorkspaceSettings } from "@/lib/workspaces/workspaces";

export const updateWorkspaceAction = workspaceAction({ role: "admin", schema: workspaceSettingsInput }, async (input, ctx) => {
  await updateWorkspaceSettings(ctx.workspaceId, input, ctx.actor);
  revalidatePath("/", "layout");
  return null;
});

export const setStrictModeAction = workspaceAction({ role: "admin", schema: strictEventTypesInput }, async ({ strictEventTypes }, ctx) => {
  await setStrictEventTypes(ctx.workspaceId, strictEventTypes, ctx.actor);
  revalidatePath("/settings/workspace");
  revalidatePath("/event-types");
  return { strictEventTypes };
});
