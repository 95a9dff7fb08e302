"use server";

import { revalidatePath } from "next/cache";
import { type WorkspaceActionContext, workspaceAction } from "@/lib/actions/workspace-action";
import { inviteMember, revokeInvitation } from "@/lib/members/invitations";
import { changeMemberRole, removeMember } from "@/lib/members/members";
import { changeMemberRoleInput, inviteMemberInput, removeMemberInput, revokeInvitationInput } from "@/lib/members/schemas";

const manager = (ctx: WorkspaceActionContext) => ({ actor: ctx.actor, role: ctx.role });

export const inviteMemberAction = workspaceAction({ role: "admin", schema: inviteMemberInput }, async (input, ctx) => {
  const invited = await inviteMember(ctx.workspaceId, input, manager(ctx));
  revalidatePath("/settings/members");
  return { email: invited.email, role: invited.role, expiresAt: invited.expiresAt.toISOString(), invitePath: `/invite/${invited.token}` };
});

export const revokeInvitationAction = workspaceAction({ role: "admin", schema: revokeInvitationInput }, async (input, ctx) => {
  await revokeInvitation(ctx.workspaceId, input.invitationId, manager(ctx));
  revalidatePath("/settings/members");
  return null;
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
