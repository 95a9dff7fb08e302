"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { sessionAction } from "@/lib/actions/workspace-action";
import { WORKSPACE_COOKIE } from "@/lib/auth/session";
import { setting } from "@/lib/config/settings";
import { findMembershipRole } from "@/lib/workspaces/workspaces";

/** Makes another of the user's workspaces current; refuses workspaces they are not a member of. */
export const switchWorkspaceAction = sessionAction(z.object({ workspaceId: z.string().min(1).max(64) }), async (input, ctx) => {
  if (await findMembershipRole(ctx.userId, input.workspaceId)) {
    (await cookies()).set(WORKSPACE_COOKIE, input.workspaceId, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: process.env.NODE_ENV === "production" && setting("AUTH_URL")?.startsWith("https:"),
    });
  }
  redirect("/dashboard");
});
