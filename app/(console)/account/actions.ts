"use server";

import { z } from "zod";
import { sessionAction } from "@/lib/actions/workspace-action";
import { signOut } from "@/lib/auth/next-auth";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { changePassword, signOutEverywhere } from "@/lib/users/account";
import { changePasswordInput } from "@/lib/users/schemas";

// Every session ends with the change; this browser signs in again with the new password and stays.
export const changePasswordAction = sessionAction(changePasswordInput, async (input, ctx) => {
  const { email } = await changePassword(ctx.userId, input);
  await signInWithPassword(email, input.newPassword, "/account?changed=password");
});

export const signOutEverywhereAction = sessionAction(z.object({}), async (_input, ctx) => {
  await signOutEverywhere(ctx.userId);
  await signOut({ redirectTo: "/sign-in" });
});
