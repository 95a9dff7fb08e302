"use server";

import { headers } from "next/headers";
import { AuthError } from "next-auth";
import { z } from "zod";
import { publicAction } from "@/lib/actions/workspace-action";
import { isLocalRequest } from "@/lib/auth/client-address";
import { signIn, signOut } from "@/lib/auth/next-auth";
import { DomainError } from "@/lib/errors";
import { createFirstOwner } from "@/lib/setup/setup";

const signInInput = z.object({
  email: z.email({ error: "Enter the email address of your account." }).max(320),
  password: z.string().min(1, { error: "Enter your password." }).max(1024),
});

async function signInWithPassword(email: string, password: string): Promise<void> {
  try {
    await signIn("credentials", { email, password, redirectTo: "/dashboard" });
  } catch (error) {
    // signIn redirects by throwing; only authentication failures are ours to report.
    if (!(error instanceof AuthError)) throw error;
    if ("code" in error && error.code === "rate_limited") {
      throw new DomainError("rate_limited", "Too many failed attempts. Wait 15 minutes, then try again.");
    }
    if ("code" in error && error.code === "busy") {
      throw new DomainError("rate_limited", "Too many sign-ins are being checked right now. Try again in a few seconds.");
    }
    throw new DomainError("invalid", "That email and password do not match an account.");
  }
}

export const signInAction = publicAction(signInInput, (input) => signInWithPassword(input.email, input.password));

const setupInput = z.object({
  name: z.string().trim().min(1, { error: "Enter your name." }).max(100),
  email: z.email({ error: "Enter a valid email address." }).max(320),
  password: z.string().min(12, { error: "Use at least 12 characters." }).max(1024),
  workspaceName: z.string().trim().min(1, { error: "Name your first workspace." }).max(100),
  token: z.string().max(200).optional(),
});

export const setupAction = publicAction(setupInput, async ({ token, ...input }) => {
  await createFirstOwner(input, { fromThisMachine: isLocalRequest(await headers()), token });
  await signInWithPassword(input.email, input.password);
});

export const signOutAction = publicAction(z.object({}), () => signOut({ redirectTo: "/sign-in" }));
