"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { auth } from "@/lib/auth/next-auth";
import { WORKSPACE_COOKIE } from "@/lib/auth/session";
import { findMembershipRole } from "@/lib/workspaces/workspaces";

const switchInput = z.object({ workspaceId: z.string().min(1).max(64) });

/** Makes another of the user's workspaces current; refuses workspaces they are not a member of. */
export async function switchWorkspaceAction(formData: FormData): Promise<void> {
  const userId = (await auth())?.user?.id;
  if (!userId) redirect("/sign-in");
  const parsed = switchInput.safeParse(Object.fromEntries(formData));
  if (parsed.success && (await findMembershipRole(userId, parsed.data.workspaceId))) {
    (await cookies()).set(WORKSPACE_COOKIE, parsed.data.workspaceId, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: process.env.NODE_ENV === "production" && process.env.AUTH_URL?.startsWith("https:"),
    });
  }
  redirect("/dashboard");
}
