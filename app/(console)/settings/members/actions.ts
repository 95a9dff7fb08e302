"use server";

import { revalidatePath } from "next/cache";
import { type WorkspaceActionContext, workspaceAction } from "@/lib/actions/workspace-action";
import { addMember, changeMemberRole, removeMember } from "@/lib/members/members";
import { addMemberInput, changeMemberRoleInput, removeMemberInput } from "@/lib/members/schemas";

const manager = (ctx: WorkspaceActionContext) => ({ actor: ctx.actor, role: ctx.role });

export const addMemberAction = workspaceAction({ role: "admin", schema: addMemberInput }, async (input, ctx) => {
  const added = await addMember(ctx.workspaceId, input, manager(ctx));
  revalidatePath("/settings/members");
  return added;
});

export const changeMemberRoleAction = workspaceAction({ role: "admin", schema: changeMemberRoleInput }, async (input, ctx) => {
  await changeMemberRole(ctx.workspaceId, input, manager(ctx));
  revalidatePath("/settings/members");
  return null;
});

export const removeMemberAction = workspaceAction({ role: "admin", schema: removeMemberInput }, async (input, ctx) => {
  await removeMember(ctx.workspaceId, input, manager(ctx));
  revalidatePath("/settings/members");
  return null;
});
