"use server";

import { revalidatePath } from "next/cache";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { workspaceSettingsInput } from "@/lib/workspaces/schemas";
import { updateWorkspaceSettings } from "@/lib/workspaces/workspaces";

export const updateWorkspaceAction = workspaceAction({ role: "admin", schema: workspaceSettingsInput }, async (input, ctx) => {
  await updateWorkspaceSettings(ctx.workspaceId, input, ctx.actor);
  revalidatePath("/", "layout");
  return null;
});
