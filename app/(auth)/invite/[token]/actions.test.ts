// Answering an invitation through its server actions: who is asking and the sign-in are faked,
// the invitation, the account and the membership are real.
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { memberships } from "@/db/schema";
import type { RequestActor } from "@/lib/auth/session";
import { inviteMember } from "@/lib/members/invitations";
import { findUserByEmail } from "@/lib/users/users";
import { createOwnedWorkspace, uniqueEmail } from "@/test/fixtures";

const requester: RequestActor = { userId: undefined, workspaceId: undefined };
const selected: string[] = [];
const signIns: unknown[][] = [];
vi.mock("@/lib/auth/session", () => ({
  resolveRequestActor: async () => ({ ...requester }),
  selectWorkspace: async (workspaceId: string) => void selected.push(workspaceId),
}));
vi.mock("@/lib/auth/sign-in-with-password", () => ({ signInWithPassword: async (...args: unknown[]) => void signIns.push(args) }));
vi.mock("@/lib/auth/next-auth", () => ({ signOut: async () => {} }));

const { acceptInvitationAction, createAccountAndJoinAction, declineInvitationAction } = await import("./actions");

const asOwner = (id: string) => ({ actor: { type: "user" as const, id }, role: "owner" as const });
const redirectsToDashboard = { digest: expect.stringContaining("/dashboard") };

describe("answering an invitation", () => {
  beforeEach(() => {
    selected.length = 0;
    signIns.length = 0;
    requester.userId = undefined;
  });

  it("names the field a new account's input gets wrong", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    const { token } = await inviteMember(workspace.id, { email: uniqueEmail(), role: "viewer" }, asOwner(owner.id));
    const short = await createAccountAndJoinAction(null, { token, name: "", password: "short" });
    expect(short).toMatchObject({ ok: false, fieldErrors: { password: ["Use at least 12 characters."] } });
    const forged = await createAccountAndJoinAction(null, { token: "../../api", name: "", password: "long enough password" });
    expect(forged).toMatchObject({ ok: false, fieldErrors: { token: ["This is not an invitation link."] } });
  });

  it("creates the account, makes its workspace current and signs in", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    const email = uniqueEmail("newcomer");
    const { token } = await inviteMember(workspace.id, { email, role: "viewer" }, asOwner(owner.id));
    expect(await createAccountAndJoinAction(null, { token, name: "New Person", password: "long enough password" })).toEqual({ ok: true, data: undefined });
    const user = (await findUserByEmail(email))!;
    expect(user.name).toBe("New Person");
    expect(selected).toEqual([workspace.id]);
    expect(signIns).toEqual([[email, "long enough password"]]);
    expect(await createAccountAndJoinAction(null, { token, name: "", password: "long enough password" })).toMatchObject({
      ok: false,
      error: "This invitation has already been used or withdrawn.",
    });
  });

  it("needs a session to accept or decline, as the invited account", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    const invitee = await createOwnedWorkspace();
    const { token } = await inviteMember(workspace.id, { email: invitee.owner.email, role: "admin" }, asOwner(owner.id));
    expect(await acceptInvitationAction(null, { token })).toEqual({ ok: false, error: "Your session has ended. Sign in again." });
    requester.userId = owner.id;
    expect(await declineInvitationAction(null, { token })).toMatchObject({ ok: false, error: expect.stringContaining("This invitation is for") });
    requester.userId = invitee.owner.id;
    await expect(acceptInvitationAction(null, { token })).rejects.toMatchObject(redirectsToDashboard);
    expect(selected).toEqual([workspace.id]);
    const [membership] = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.workspaceId, workspace.id), eq(memberships.userId, invitee.owner.id)));
    expect(membership?.role).toBe("admin");
  });
});
