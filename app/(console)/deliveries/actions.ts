"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { replayEvent, retryDeliveries } from "@/lib/deliveries/manual";

const ids = z.preprocess((value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]), z.array(z.string().min(1).max(64)).min(1).max(100));

export const retryDeliveriesAction = workspaceAction({ role: "admin", schema: z.object({ deliveryIds: ids }) }, async (input, ctx) => {
  const result = await retryDeliveries(ctx.workspaceId, input.deliveryIds, ctx.actor);
  revalidatePath("/deliveries");
  return result;
});

export const replayEventAction = workspaceAction(
  { role: "admin", schema: z.object({ eventId: z.string().min(1).max(64), endpointId: z.string().min(1).max(64).optional() }) },
  async (input, ctx) => {
    const result = await replayEvent(ctx.workspaceId, input.eventId, input.endpointId, ctx.actor);
    revalidatePath("/deliveries");
    revalidatePath(`/events/${input.eventId}`);
    return result;
  },
);
