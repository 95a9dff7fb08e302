// Sessions are revocable: the token's session version is compared with the user's on every use. Only
// the token itself is faked (what Auth.js decoded from the cookie); the versions live in the database.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { users } from "@/db/schema";
import { removeMember } from "@/lib/members/members";
import { changePassword, signOutEverywhere } from "@/lib/users/account";
import { addTestMember, createOwnedWorkspace, TEST_PASSWORD } from "@/test/fixtures";

const token: { userId?: string; sessionVersion?: number } = {};
vi.mock("@/lib/auth/next-auth", () => ({
  auth: async () => (token.userId ? { user: { id: token.userId, email: "someone@example.test" }, sessionVersion: token.sessionVersion } : null),
}));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));

const { resolveRequestActor } = await import("@/lib/auth/session");

/** A session token as the sign-in issues it: carrying the user's current session version. */
async function signInAs(userId: string) {
  const [user] = await db.select({ sessionVersion: users.sessionVersion }).from(users).where(eq(users.id, userId));
  token.userId = userId;
  token.sessionVersion = user!.sessionVersion;
}

const sessionUser = async () => (await resolveRequestActor()).userId;

describe("sessions", () => {
  let workspace: Awaited<ReturnType<typeof createOwnedWorkspace>>;
  beforeEach(async () => {
    workspace = await createOwnedWorkspace();
  });

  it("accepts a token that carries the user's session version", async () => {
    await signInAs(workspace.owner.id);
    expect(await sessionUser()).toBe(workspace.owner.id);
  });

  it("refuses a token without a session version, issued before sessions could be revoked", async () => {
    await signInAs(workspace.owner.id);
    token.sessionVersion = undefined;
    expect(await sessionUser()).toBeUndefined();
  });

  it("refuses a removed member's existing session on the next request", async () => {
    const viewer = await addTestMember(workspace.workspace.id, "viewer");
    await signInAs(viewer.id);
    expect(await sessionUser()).toBe(viewer.id);
    await removeMember(
      workspace.workspace.id,
      { userId: viewer.id, revokeTheirKeys: false },
      { actor: { type: "user", id: workspace.owner.id }, role: "owner" },
    );
    expect(await sessionUser()).toBeUndefined();
  });

  it("refuses every older session after a password change, and accepts one signed in afterwards", async () => {
    await signInAs(workspace.owner.id);
    await changePassword(workspace.owner.id, { currentPassword: TEST_PASSWORD, newPassword: "a brand new passphrase" });
    expect(await sessionUser()).toBeUndefined();
    await signInAs(workspace.owner.id);
    expect(await sessionUser()).toBe(workspace.owner.id);
  });

  it("refuses every session after signing out everywhere", async () => {
    await signInAs(workspace.owner.id);
    await signOutEverywhere(workspace.owner.id);
    expect(await sessionUser()).toBeUndefined();
  });
});
