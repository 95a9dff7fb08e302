"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { z } from "zod";
import { workspaceAction } from "@/lib/actions/workspace-action";
import { setting } from "@/lib/config/settings";
import { getStartedDismissedCookie } from "./get-started-dismissal";

const ONE_YEAR_SECONDS = 365 * 24 * 3600;

/** Hides the "Get started" checklist of the current workspace in this browser. */
export const dismissGetStartedAction = workspaceAction({ role: "viewer", schema: z.object({}) }, async (_input, ctx) => {
  (await cookies()).set(getStartedDismissedCookie(ctx.workspaceId), "1", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: ONE_YEAR_SECONDS,
    secure: process.env.NODE_ENV === "production" && setting("AUTH_URL")?.startsWith("https:"),
  });
  revalidatePath("/dashboard");
  return null;
});
