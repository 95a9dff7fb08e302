"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { sessionAction } from "@/lib/actions/workspace-action";
import { selectWorkspace } from "@/lib/auth/session";
import { findMembershipRole } from "@/lib/workspaces/workspaces";

/** Makes another of the user's workspaces current; refuses workspaces they are not a member of. */
export const switchWorkspaceAction = sessionAction(z.object({ workspaceId: z.string().min(1).max(64) }), async (input, ctx) => {
  if (await findMembershipRole(ctx.userId, input.workspaceId)) {
    await selectWorkspace(input.workspaceId);
  }
  redirect("/dashboard");
});
