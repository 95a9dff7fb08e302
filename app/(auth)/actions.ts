"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import type { FieldErrors } from "@/lib/actions/workspace-action";
import { signIn, signOut } from "@/lib/auth/next-auth";
import { DomainError } from "@/lib/errors";
import { createFirstOwner } from "@/lib/setup/setup";

export type AuthFormState = { error?: string; fieldErrors?: FieldErrors; values?: Record<string, string> } | null;

const signInInput = z.object({
  email: z.email({ error: "Enter the email address of your account." }).max(320),
  password: z.string().min(1, { error: "Enter your password." }).max(1024),
});

async function signInWithPassword(email: string, password: string): Promise<AuthFormState> {
  try {
    await signIn("credentials", { email, password, redirectTo: "/dashboard" });
    return null;
  } catch (error) {
    // signIn redirects by throwing; only authentication failures are ours to report.
    if (!(error instanceof AuthError)) throw error;
    const rateLimited = "code" in error && error.code === "rate_limited";
    return {
      error: rateLimited
        ? "Too many failed attempts. Wait 15 minutes, then try again."
        : "That email and password do not match an account.",
      values: { email },
    };
  }
}

export async function signInAction(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const parsed = signInInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return { fieldErrors: z.flattenError(parsed.error).fieldErrors, values: { email: String(formData.get("email") ?? "") } };
  }
  return signInWithPassword(parsed.data.email, parsed.data.password);
}

const setupInput = z.object({
  name: z.string().trim().min(1, { error: "Enter your name." }).max(100),
  email: z.email({ error: "Enter a valid email address." }).max(320),
  password: z.string().min(12, { error: "Use at least 12 characters." }).max(1024),
  workspaceName: z.string().trim().min(1, { error: "Name your first workspace." }).max(100),
});

export async function setupAction(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const raw = Object.fromEntries(formData);
  const values = { name: String(raw.name ?? ""), email: String(raw.email ?? ""), workspaceName: String(raw.workspaceName ?? "") };
  const parsed = setupInput.safeParse(raw);
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  try {
    await createFirstOwner(parsed.data);
  } catch (error) {
    if (error instanceof DomainError) return { error: error.message, values };
    throw error;
  }
  return signInWithPassword(parsed.data.email, parsed.data.password);
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
