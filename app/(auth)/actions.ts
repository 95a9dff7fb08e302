"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { publicAction } from "@/lib/actions/workspace-action";
import { isLocalRequest } from "@/lib/auth/client-address";
import { signOut } from "@/lib/auth/next-auth";
import { afterSignIn } from "@/lib/auth/return-path";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { createFirstOwner } from "@/lib/setup/setup";
import { newPassword } from "@/lib/users/schemas";
import { displayName } from "@/lib/validation/display-name";

const signInInput = z.object({
  email: z.email({ error: "Enter the email address of your account." }).max(320),
  password: z.string().min(1, { error: "Enter your password." }).max(1024),
  // The page that sent the visitor to sign in; anything but a path of this site leads to the dashboard.
  next: z.string().max(4096).optional().transform(afterSignIn),
});

export const signInAction = publicAction(signInInput, (input) => signInWithPassword(input.email, input.password, input.next));

const setupInput = z.object({
  name: displayName({ required: "Enter your name.", max: 100 }),
  email: z.email({ error: "Enter a valid email address." }).max(320),
  password: newPassword,
  workspaceName: displayName({ required: "Name your first workspace.", max: 100 }),
  token: z.string().max(200).optional(),
});

export const setupAction = publicAction(setupInput, async ({ token, ...input }) => {
  await createFirstOwner(input, { fromThisMachine: isLocalRequest(await headers()), token });
  await signInWithPassword(input.email, input.password);
});

export const signOutAction = publicAction(z.object({}), () => signOut({ redirectTo: "/sign-in" }));
