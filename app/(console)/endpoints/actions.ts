"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { formJson } from "@/lib/actions/form-json";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { countRecoverable, recoverEndpoint } from "@/lib/deliveries/manual";
import { recoverEndpointInput, sendTestEventInput } from "@/lib/deliveries/schemas";
import { sendTestEvent } from "@/lib/deliveries/send-test-event";
import { changeEndpoints, createEndpoint, deleteEndpoint, revealSigningSecret, rotateSigningSecret, updateEndpoint } from "@/lib/endpoints/endpoints";
import { bulkEndpointChange, endpointForm, rotateSecretInput } from "@/lib/endpoints/schemas";
import { tenantRef } from "@/lib/tenants/schemas";

const endpointId = z.object({ endpointId: z.string().min(1).max(64) });

// The picker sends the chosen tenant's id, and nothing for the workspace's own.
const newEndpointForm = endpointForm.extend({ tenant: z.preprocess((value) => (value === "" ? undefined : value), tenantRef.optional()) });

export const createEndpointAction = workspaceAction({ role: "admin", schema: newEndpointForm }, async (input, ctx) => {
  const endpoint = await createEndpoint(ctx.workspaceId, { ...input, enabled: true }, ctx.actor);
  revalidatePath("/endpoints");
  redirect(`/endpoints/${endpoint.id}?created=1`);
});

export const updateEndpointAction = workspaceAction({ role: "admin", schema: endpointForm.extend(endpointId.shape) }, async (input, ctx) => {
  const { endpointId: id, ...changes } = input;
  await updateEndpoint(ctx.workspaceId, id, changes, ctx.actor);
  revalidatePath(`/endpoints/${id}`);
  return null;
});

export const setEndpointEnabledAction = workspaceAction(
  { role: "admin", schema: endpointId.extend({ enabled: z.enum(["true", "false"]).transform((v) => v === "true") }) },
  async (input, ctx) => {
    await updateEndpoint(ctx.workspaceId, input.endpointId, { enabled: input.enabled }, ctx.actor);
    revalidatePath(`/endpoints/${input.endpointId}`);
    return null;
  },
);

export const deleteEndpointAction = workspaceAction({ role: "admin", schema: endpointId }, async (input, ctx) => {
  await deleteEndpoint(ctx.workspaceId, input.endpointId, ctx.actor);
  revalidatePath("/endpoints");
  redirect("/endpoints");
});

export const changeEndpointsAction = workspaceAction({ role: "admin", schema: bulkEndpointChange }, async (input, ctx) => {
  const result = await changeEndpoints(ctx.workspaceId, input, ctx.actor);
  revalidatePath("/endpoints");
  return result;
});

export const revealSecretAction = workspaceAction({ role: "admin", schema: endpointId }, (input, ctx) =>
  revealSigningSecret(ctx.workspaceId, input.endpointId, ctx.actor),
);

export const rotateSecretAction = workspaceAction(
  { role: "admin", schema: endpointId.extend({ graceSeconds: z.coerce.number().pipe(rotateSecretInput.shape.graceSeconds.unwrap()) }) },
  async (input, ctx) => {
    const rotated = await rotateSigningSecret(ctx.workspaceId, input.endpointId, input.graceSeconds, ctx.actor);
    revalidatePath(`/endpoints/${input.endpointId}`);
    return rotated;
  },
);

const testForm = endpointId.extend({
  eventType: z.preprocess((value) => (value === "" ? undefined : value), sendTestEventInput.shape.eventType),
  data: z.preprocess(formJson(undefined), z.record(z.string(), z.unknown(), { error: 'Enter a JSON object, e.g. {"id": 1}.' }).optional()),
});

export const sendTestEventAction = workspaceAction({ role: "admin", schema: testForm }, async (input, ctx) => {
  const result = await sendTestEvent(ctx.workspaceId, input.endpointId, { eventType: input.eventType, data: input.data }, ctx.actor);
  revalidatePath(`/endpoints/${input.endpointId}`);
  return result;
});

export const recoverEndpointAction = workspaceAction({ role: "admin", schema: endpointId.extend(recoverEndpointInput.shape) }, (input, ctx) =>
  recoverEndpoint(ctx.workspaceId, input.endpointId, new Date(input.since), ctx.actor),
);

export const countRecoverableAction = workspaceAction({ role: "admin", schema: endpointId.extend(recoverEndpointInput.shape) }, async (input, ctx) => ({
  since: input.since,
  count: await countRecoverable(ctx.workspaceId, input.endpointId, new Date(input.since)),
}));
