import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, invitations, memberships, users } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import {
  acceptInvitation,
  acceptInvitationWithNewAccount,
  declineInvitation,
  inviteMember,
  listPendingInvitations,
  revokeInvitation,
  viewInvitation,
} from "@/lib/members/invitations";
import { findUserByEmail } from "@/lib/users/users";
import { addTestMember, createOwnedWorkspace, uniqueEmail } from "@/test/fixtures";

const asOwner = (id: string) => ({ actor: { type: "user" as const, id }, role: "owner" as const });
const newPassword = "my own chosen passphrase";

async function membershipOf(workspaceId: string, userId: string) {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  return row;
}

const auditActions = async (workspaceId: string) =>
  (await db.select().from(auditLog).where(eq(auditLog.workspaceId, workspaceId))).map((entry) => entry.action);

describe("invitations", () => {
  it("answers the same whether or not the email has an account, and creates no account", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    const other = await createOwnedWorkspace();
    const newcomer = uniqueEmail("newcomer");
    const forExisting = await inviteMember(workspace.id, { email: other.owner.email, role: "viewer" }, asOwner(owner.id));
    const forNew = await inviteMember(workspace.id, { email: newcomer, role: "viewer" }, asOwner(owner.id));
    expect(Object.keys(forExisting).sort()).toEqual(Object.keys(forNew).sort());
    expect(forExisting).toMatchObject({ email: other.owner.email, role: "viewer", token: expect.stringMatching(/^[\w-]{43}$/) });
    expect(forNew).toMatchObject({ email: newcomer, role: "viewer", token: expect.stringMatching(/^[\w-]{43}$/) });
    expect(await findUserByEmail(newcomer)).toBeUndefined();
    expect(await membershipOf(workspace.id, other.owner.id)).toBeUndefined();
    expect(await auditActions(workspace.id)).toEqual(["member.invited", "member.invited"]);
  });

  it("stores only the SHA-256 of the token, and expires in 7 days", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    const invited = await inviteMember(workspace.id, { email: uniqueEmail(), role: "admin" }, asOwner(owner.id));
    const [row] = await db.select().from(invitations).where(eq(invitations.id, invited.invitationId));
    expect(row!.tokenHash).toBe(createHash("sha256").update(invited.token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(invited.token);
    const days = (row!.expiresAt.getTime() - row!.createdAt.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(7, 2);
  });

  it("lets someone without an account set their own password and join, once", async () => {
    const { owner, workspace } = await createOwnedWorkspace("Acme");
    const email = uniqueEmail("newcomer");
    const { token } = await inviteMember(workspace.id, { email, role: "admin" }, asOwner(owner.id));
    expect(await viewInvitation(token)).toMatchObject({ status: "pending", email, role: "admin", workspaceName: "Acme", hasAccount: false });

    await acceptInvitationWithNewAccount(token, { name: "New Person", password: newPassword });
    const user = (await findUserByEmail(email))!;
    expect(await verifyPassword(user.passwordHash, newPassword)).toBe(true);
    expect((await membershipOf(workspace.id, user.id))?.role).toBe("admin");
    expect(await auditActions(workspace.id)).toContain("invitation.accepted");

    expect(await viewInvitation(token)).toEqual({ status: "unusable" });
    await expect(acceptInvitationWithNewAccount(token, { name: "Again", password: newPassword })).rejects.toThrow(/already been used/);
    await expect(acceptInvitation(token, user.id)).rejects.toThrow(/already been used/);
  });

  it("lets an existing account accept, signed in as the invited email only", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    const invitee = await createOwnedWorkspace();
    const stranger = await createOwnedWorkspace();
    const { token } = await inviteMember(workspace.id, { email: invitee.owner.email.toUpperCase(), role: "viewer" }, asOwner(owner.id));
    expect(await viewInvitation(token)).toMatchObject({ status: "pending", hasAccount: true });
    await expect(acceptInvitationWithNewAccount(token, { name: "", password: newPassword })).rejects.toThrow(/already has an account/);

    await expect(acceptInvitation(token, stranger.owner.id)).rejects.toThrow(/This invitation is for/);
    expect(await membershipOf(workspace.id, stranger.owner.id)).toBeUndefined();

    expect(await acceptInvitation(token, invitee.owner.id)).toEqual({ workspaceId: workspace.id });
    expect((await membershipOf(workspace.id, invitee.owner.id))?.role).toBe("viewer");
    await expect(acceptInvitation(token, invitee.owner.id)).rejects.toThrow(/already been used/);
  });

  it("lets the invitee decline, after which the link no longer works", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    const invitee = await createOwnedWorkspace();
    const { token } = await inviteMember(workspace.id, { email: invitee.owner.email, role: "viewer" }, asOwner(owner.id));
    await declineInvitation(token, invitee.owner.id);
    expect(await membershipOf(workspace.id, invitee.owner.id)).toBeUndefined();
    expect(await viewInvitation(token)).toEqual({ status: "unusable" });
    await expect(acceptInvitation(token, invitee.owner.id)).rejects.toThrow(/already been used/);
    expect(await auditActions(workspace.id)).toContain("invitation.declined");
    expect(await listPendingInvitations(workspace.id)).toEqual([]);
  });

  it("refuses an expired invitation", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    const email = uniqueEmail();
    const invited = await inviteMember(workspace.id, { email, role: "viewer" }, asOwner(owner.id));
    await db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, invited.invitationId));
    expect(await viewInvitation(invited.token)).toEqual({ status: "expired" });
    await expect(acceptInvitationWithNewAccount(invited.token, { name: "", password: newPassword })).rejects.toThrow(/expired/);
    expect(await findUserByEmail(email)).toBeUndefined();
  });

  it("knows no link it did not issue", async () => {
    expect(await viewInvitation("A".repeat(43))).toEqual({ status: "unusable" });
  });

  it("replaces a pending invitation of the same email, and can be withdrawn", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    const email = uniqueEmail();
    const first = await inviteMember(workspace.id, { email, role: "viewer" }, asOwner(owner.id));
    const second = await inviteMember(workspace.id, { email, role: "admin" }, asOwner(owner.id));
    expect(await viewInvitation(first.token)).toEqual({ status: "unusable" });
    expect((await listPendingInvitations(workspace.id)).map((invitation) => invitation.id)).toEqual([second.invitationId]);

    await revokeInvitation(workspace.id, second.invitationId, asOwner(owner.id));
    expect(await viewInvitation(second.token)).toEqual({ status: "unusable" });
    await expect(revokeInvitation(workspace.id, second.invitationId, asOwner(owner.id))).rejects.toThrow(/no longer pending/);
  });

  it("refuses to invite someone who is already a member", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    const viewer = await addTestMember(workspace.id, "viewer");
    await expect(inviteMember(workspace.id, { email: viewer.email, role: "admin" }, asOwner(owner.id))).rejects.toMatchObject({
      code: "conflict",
      field: "email",
    });
    expect(await db.select().from(users).where(eq(users.email, viewer.email))).toHaveLength(1);
  });
});
