"use server";

import { revalidatePath } from "next/cache";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { acknowledgeAlert, resolveAlert } from "@/lib/alerts/lifecycle";
import { alertActionInput } from "@/lib/alerts/schemas";

export const acknowledgeAlertAction = workspaceAction({ role: "admin", schema: alertActionInput }, async (input, ctx) => {
  const alert = await acknowledgeAlert(ctx.workspaceId, input.alertId, ctx.actor);
  revalidatePath("/alerts");
  return { status: alert.status };
});

export const resolveAlertAction = workspaceAction({ role: "admin", schema: alertActionInput }, async (input, ctx) => {
  const alert = await resolveAlert(ctx.workspaceId, input.alertId, ctx.actor);
  revalidatePath("/alerts");
  return { status: alert.status };
});
