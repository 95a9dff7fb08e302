import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { MemberRole } from "@/db/schema";
import { auth } from "@/lib/auth/next-auth";
import { signInPathForThisRequest } from "@/lib/auth/return-path";
import { setting } from "@/lib/config/settings";
import { findSessionVersion } from "@/lib/users/users";
import { listUserWorkspaces, type WorkspaceMembership } from "@/lib/workspaces/workspaces";

export const WORKSPACE_COOKIE = "tern_workspace";

/** Makes the workspace current for this browser; the caller has checked the membership. */
export async function selectWorkspace(workspaceId: string): Promise<void> {
  (await cookies()).set(WORKSPACE_COOKIE, workspaceId, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: process.env.NODE_ENV === "production" && setting("AUTH_URL")?.startsWith("https:"),
  });
}

/**
 * The signed-in user, or undefined when the session token is missing or stale: issued before the
 * user's session version was last bumped (password change, sign-out everywhere, removal from a workspace).
 */
export const currentSessionUser = cache(async (): Promise<{ userId: string; email: string } | undefined> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return undefined;
  const sessionVersion = await findSessionVersion(userId);
  if (sessionVersion === undefined || sessionVersion !== session.sessionVersion) return undefined;
  return { userId, email: session.user?.email ?? "" };
});

/** The signed-in user and the workspace they picked, as claimed by the request; not yet authorised. */
export type RequestActor = { userId: string | undefined; workspaceId: string | undefined };

export async function resolveRequestActor(): Promise<RequestActor> {
  const user = await currentSessionUser();
  const cookieStore = await cookies();
  return { userId: user?.userId, workspaceId: cookieStore.get(WORKSPACE_COOKIE)?.value };
}

export type ConsoleContext = {
  userId: string;
  email: string;
  workspace: { id: string; name: string };
  role: MemberRole;
  workspaces: WorkspaceMembership[];
};

/** For console pages: the signed-in user and their current workspace, or a redirect to sign in and back. */
export const requireConsoleContext = cache(async (): Promise<ConsoleContext> => {
  const user = await currentSessionUser();
  if (!user) redirect(await signInPathForThisRequest());
  const workspaces = await listUserWorkspaces(user.userId);
  const selected = (await cookies()).get(WORKSPACE_COOKIE)?.value;
  const current = workspaces.find((w) => w.workspaceId === selected) ?? workspaces[0];
  if (!current) redirect("/sign-in?error=no-workspace");
  return {
    userId: user.userId,
    email: user.email,
    workspace: { id: current.workspaceId, name: current.name },
    role: current.role,
    workspaces,
  };
});
