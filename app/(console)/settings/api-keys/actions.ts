"use server";

import { revalidatePath } from "next/cache";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/api-keys";
import { createApiKeyInput, revokeApiKeyInput } from "@/lib/api-keys/schemas";

export const createApiKeyAction = workspaceAction({ role: "admin", schema: createApiKeyInput }, async (input, ctx) => {
  const { apiKey, key } = await createApiKey(ctx.workspaceId, input, ctx.actor);
  revalidatePath("/settings/api-keys");
  return { name: apiKey.name, key };
});

export const revokeApiKeyAction = workspaceAction({ role: "admin", schema: revokeApiKeyInput }, async (input, ctx) => {
  await revokeApiKey(ctx.workspaceId, input.keyId, ctx.actor);
  revalidatePath("/settings/api-keys");
  return null;
});
