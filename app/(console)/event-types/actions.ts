"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { createEventType, deleteEventType, updateEventType } from "@/lib/event-types/event-types";
import { eventTypeForm, eventTypeName } from "@/lib/event-types/schemas";

export const saveEventTypeAction = workspaceAction(
  { role: "admin", schema: eventTypeForm.extend({ existing: z.enum(["true", "false"]).default("false") }) },
  async ({ existing, name, ...fields }, ctx) => {
    if (existing === "true") await updateEventType(ctx.workspaceId, name, fields, ctx.actor);
    else await createEventType(ctx.workspaceId, { name, ...fields }, ctx.actor);
    revalidatePath("/event-types");
    return { name, created: existing === "false" };
  },
);

// The page is refreshed by the form once it has said what was deleted: revalidating here would
// unmount the entry, and its confirmation with it, before the confirmation could be shown.
export const deleteEventTypeAction = workspaceAction({ role: "admin", schema: z.object({ name: eventTypeName }) }, async ({ name }, ctx) => {
  await deleteEventType(ctx.workspaceId, name, ctx.actor);
  return { name };
});
