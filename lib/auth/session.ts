import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { MemberRole } from "@/db/schema";
import { auth } from "@/lib/auth/next-auth";
import { listUserWorkspaces, type WorkspaceMembership } from "@/lib/workspaces/workspaces";

export const WORKSPACE_COOKIE = "tern_workspace";

/** The signed-in user and the workspace they picked, as claimed by the request; not yet authorised. */
export type RequestActor = { userId: string | undefined; workspaceId: string | undefined };

export async function resolveRequestActor(): Promise<RequestActor> {
  const session = await auth();
  const cookieStore = await cookies();
  return { userId: session?.user?.id, workspaceId: cookieStore.get(WORKSPACE_COOKIE)?.value };
}

export type ConsoleContext = {
  userId: string;
  email: string;
  workspace: { id: string; name: string };
  role: MemberRole;
  workspaces: WorkspaceMembership[];
};

/** For console pages: the signed-in user and their current workspace, or a redirect to sign in. */
export const requireConsoleContext = cache(async (): Promise<ConsoleContext> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) redirect("/sign-in");
  const workspaces = await listUserWorkspaces(userId);
  const selected = (await cookies()).get(WORKSPACE_COOKIE)?.value;
  const current = workspaces.find((w) => w.workspaceId === selected) ?? workspaces[0];
  if (!current) redirect("/sign-in?error=no-workspace");
  return {
    userId,
    email: session.user?.email ?? "",
    workspace: { id: current.workspaceId, name: current.name },
    role: current.role,
    workspaces,
  };
});
