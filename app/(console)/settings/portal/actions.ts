"use server";

import { revalidatePath } from "next/cache";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { portalSettingsInput, updatePortalSettings } from "@/lib/portal/settings";

export const updatePortalSettingsAction = workspaceAction({ role: "admin", schema: portalSettingsInput }, async (input, ctx) => {
  await updatePortalSettings(ctx.workspaceId, input, ctx.actor);
  revalidatePath("/settings/portal");
  return null;
});
