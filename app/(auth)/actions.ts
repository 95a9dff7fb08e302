"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { publicAction } from "@/lib/actions/workspace-action";
import { isLocalRequest } from "@/lib/auth/client-address";
import { signOut } from "@/lib/auth/next-auth";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { createFirstOwner } from "@/lib/setup/setup";
import { newPassword } from "@/lib/users/schemas";

const signInInput = z.object({
  email: z.email({ error: "Enter the email address of your account." }).max(320),
  password: z.string().min(1, { error: "Enter your password." }).max(1024),
});

export const signInAction = publicAction(signInInput, (input) => signInWithPassword(input.email, input.password));

const setupInput = z.object({
  name: z.string().trim().min(1, { error: "Enter your name." }).max(100),
  email: z.email({ error: "Enter a valid email address." }).max(320),
  password: newPassword,
  workspaceName: z.string().trim().min(1, { error: "Name your first workspace." }).max(100),
  token: z.string().max(200).optional(),
});

export const setupAction = publicAction(setupInput, async ({ token, ...input }) => {
  await createFirstOwner(input, { fromThisMachine: isLocalRequest(await headers()), token });
  await signInWithPassword(input.email, input.password);
});

export const signOutAction = publicAction(z.object({}), () => signOut({ redirectTo: "/sign-in" }));
