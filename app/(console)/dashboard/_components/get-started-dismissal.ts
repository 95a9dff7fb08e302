import { cookies } from "next/headers";

// A choice of this browser, per workspace: dismissing is about what one person wants to see.
export const getStartedDismissedCookie = (workspaceId: string) => `tern_get_started_dismissed_${workspaceId}`;

export async function isGetStartedDismissed(workspaceId: string): Promise<boolean> {
  return (await cookies()).has(getStartedDismissedCookie(workspaceId));
}
