"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { publicAction, sessionAction } from "@/lib/actions/workspace-action";
import { signOut } from "@/lib/auth/next-auth";
import { selectWorkspace } from "@/lib/auth/session";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { DomainError } from "@/lib/errors";
import { acceptInvitation, acceptInvitationWithNewAccount, declineInvitation, viewInvitation } from "@/lib/members/invitations";
import { invitationToken } from "@/lib/members/schemas";
import { newPassword } from "@/lib/users/schemas";
import { displayName } from "@/lib/validation/display-name";

const answerInput = z.object({ token: invitationToken });

export const createAccountAndJoinAction = publicAction(
  z.object({ token: invitationToken, name: displayName({ max: 100 }), password: newPassword }),
  async (input) => {
    const joined = await acceptInvitationWithNewAccount(input.token, input);
    await selectWorkspace(joined.workspaceId);
    await signInWithPassword(joined.email, input.password);
  },
);

/** Signs in as the invited email and comes back to the link to accept or decline. */
export const signInToAnswerAction = publicAction(
  z.object({ token: invitationToken, password: z.string().min(1, { error: "Enter your password." }).max(1024) }),
  async (input) => {
    const invitation = await viewInvitation(input.token);
    if (invitation.status !== "pending") throw new DomainError("conflict", "This invitation can no longer be answered.");
    await signInWithPassword(invitation.email, input.password, `/invite/${input.token}`);
  },
);

export const acceptInvitationAction = sessionAction(answerInput, async (input, ctx) => {
  const joined = await acceptInvitation(input.token, ctx.userId);
  await selectWorkspace(joined.workspaceId);
  redirect("/dashboard");
});

export const declineInvitationAction = sessionAction(answerInput, async (input, ctx) => {
  await declineInvitation(input.token, ctx.userId);
  return null;
});

/** For someone signed in as another account than the one invited. */
export const switchAccountAction = publicAction(answerInput, (input) => signOut({ redirectTo: `/invite/${input.token}` }));
