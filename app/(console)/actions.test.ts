// Switching workspace: the session is faked (who is asking) and the cookie jar kept in memory;
// membership is checked against the real database.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { memberships } from "@/db/schema";
import { WORKSPACE_COOKIE } from "@/lib/auth/session";
import { createOwnedWorkspace } from "@/test/fixtures";

const session: { userId?: string } = {};
const cookieJar = new Map<string, string>();
vi.mock("@/lib/auth/next-auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId }, sessionVersion: 0 } : null) }));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (cookieJar.has(name) ? { name, value: cookieJar.get(name) } : undefined),
    set: (name: string, value: string) => cookieJar.set(name, value),
  }),
}));

const { switchWorkspaceAction } = await import("./actions");
const redirectsToDashboard = { digest: expect.stringContaining("/dashboard") };

describe("switching workspace", () => {
  beforeEach(() => cookieJar.clear());

  it("makes another of the user's workspaces current", async () => {
    const a = await createOwnedWorkspace("A");
    const b = await createOwnedWorkspace("B");
    await db.insert(memberships).values({ workspaceId: b.workspace.id, userId: a.owner.id, role: "viewer" });
    session.userId = a.owner.id;
    await expect(switchWorkspaceAction(null, { workspaceId: b.workspace.id })).rejects.toMatchObject(redirectsToDashboard);
    expect(cookieJar.get(WORKSPACE_COOKIE)).toBe(b.workspace.id);
  });

  it("ignores a workspace the user is not a member of", async () => {
    const a = await createOwnedWorkspace("A");
    const b = await createOwnedWorkspace("B");
    session.userId = a.owner.id;
    await expect(switchWorkspaceAction(null, { workspaceId: b.workspace.id })).rejects.toMatchObject(redirectsToDashboard);
    expect(cookieJar.size).toBe(0);
  });

  it("refuses callers without a session", async () => {
    const b = await createOwnedWorkspace("B");
    session.userId = undefined;
    expect(await switchWorkspaceAction(null, { workspaceId: b.workspace.id })).toEqual({
      ok: false,
      error: "Your session has ended. Sign in again.",
    });
    expect(cookieJar.size).toBe(0);
  });
});
