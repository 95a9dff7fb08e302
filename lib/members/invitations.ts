import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Transaction } from "@/db";
import { db } from "@/db";
import { invitations, type MemberRole, memberships, users, workspaces } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { DomainError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { assertMayManage, type Manager } from "@/lib/members/members";
import { createUser, findUserByEmail, normalizeEmail } from "@/lib/users/users";

const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

const pending = (now: Date) =>
  and(isNull(invitations.acceptedAt), isNull(invitations.declinedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now));

/**
 * Invites an email to the workspace and returns the single-use token, the only time it exists in clear.
 * The answer is the same whether or not the email has an account; a new invitation replaces a pending one.
 */
export async function inviteMember(workspaceId: string, input: { email: string; role: MemberRole }, manager: Manager) {
  assertMayManage(manager, input.role);
  const email = normalizeEmail(input.email);
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  return db.transaction(async (tx) => {
    const [member] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.workspaceId, workspaceId), eq(sql`lower(${users.email})`, email)));
    if (member) throw new DomainError("conflict", `${email} is already a member.`, "email");
    await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.email, email), pending(now)));
    const [invitation] = await tx
      .insert(invitations)
      .values({
        id: newId("inv"),
        workspaceId,
        email,
        role: input.role,
        tokenHash: hashInvitationToken(token),
        invitedByUserId: manager.actor.id,
        expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_MS),
      })
      .returning();
    await recordAudit(tx, {
      workspaceId,
      actor: manager.actor,
      action: "member.invited",
      targetType: "invitation",
      targetId: invitation!.id,
      details: { email, role: input.role },
    });
    return { invitationId: invitation!.id, email, role: input.role, expiresAt: invitation!.expiresAt, token };
  });
}

export async function listPendingInvitations(workspaceId: string) {
  return db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt, createdAt: invitations.createdAt })
    .from(invitations)
    .where(and(eq(invitations.workspaceId, workspaceId), pending(new Date())))
    .orderBy(desc(invitations.createdAt));
}

export async function revokeInvitation(workspaceId: string, invitationId: string, manager: Manager) {
  await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.id, invitationId), eq(invitations.workspaceId, workspaceId), pending(new Date())))
      .returning();
    if (!revoked) throw new DomainError("not_found", "That invitation is no longer pending.");
    assertMayManage(manager, revoked.role);
    await recordAudit(tx, {
      workspaceId,
      actor: manager.actor,
      action: "invitation.revoked",
      targetType: "invitation",
      targetId: revoked.id,
      details: { email: revoked.email, role: revoked.role },
    });
  });
}

export type InvitationView =
  | { status: "pending"; email: string; role: MemberRole; workspaceName: string; invitedBy: string | null; expiresAt: Date; hasAccount: boolean }
  | { status: "expired" }
  | { status: "unusable" };

/** What the invitation link shows: who is invited where, or why the link no longer works. */
export async function viewInvitation(token: string): Promise<InvitationView> {
  const [found] = await db
    .select({ invitation: invitations, workspaceName: workspaces.name, invitedBy: users.email })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(eq(invitations.tokenHash, hashInvitationToken(token)));
  if (!found) return { status: "unusable" };
  const { invitation } = found;
  if (invitation.acceptedAt || invitation.declinedAt || invitation.revokedAt) return { status: "unusable" };
  if (invitation.expiresAt <= new Date()) return { status: "expired" };
  return {
    status: "pending",
    email: invitation.email,
    role: invitation.role,
    workspaceName: found.workspaceName,
    invitedBy: found.invitedBy,
    expiresAt: invitation.expiresAt,
    hasAccount: (await findUserByEmail(invitation.email)) !== undefined,
  };
}

// Locks the invitation so two answers to one link cannot both count.
async function takePendingInvitation(tx: Transaction, token: string) {
  const [invitation] = await tx
    .select()
    .from(invitations)
    .where(eq(invitations.tokenHash, hashInvitationToken(token)))
    .for("update");
  if (!invitation || invitation.acceptedAt || invitation.declinedAt || invitation.revokedAt) {
    throw new DomainError("conflict", "This invitation has already been used or withdrawn.");
  }
  if (invitation.expiresAt <= new Date()) throw new DomainError("conflict", "This invitation has expired. Ask for a new one.");
  return invitation;
}

async function assertInvited(tx: Transaction, invitation: { email: string }, userId: string) {
  const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!user || normalizeEmail(user.email) !== invitation.email) {
    throw new DomainError("forbidden", `This invitation is for ${invitation.email}. Sign in with that account to answer it.`);
  }
}

async function join(tx: Transaction, invitation: typeof invitations.$inferSelect, userId: string) {
  await tx.insert(memberships).values({ workspaceId: invitation.workspaceId, userId, role: invitation.role }).onConflictDoNothing();
  await tx.update(invitations).set({ acceptedAt: new Date() }).where(eq(invitations.id, invitation.id));
  await recordAudit(tx, {
    workspaceId: invitation.workspaceId,
    actor: { type: "user", id: userId },
    action: "invitation.accepted",
    targetType: "invitation",
    targetId: invitation.id,
    details: { userId, email: invitation.email, role: invitation.role },
  });
  return { workspaceId: invitation.workspaceId };
}

/** The signed-in invitee joins the workspace. */
export async function acceptInvitation(token: string, userId: string) {
  return db.transaction(async (tx) => {
    const invitation = await takePendingInvitation(tx, token);
    await assertInvited(tx, invitation, userId);
    return join(tx, invitation, userId);
  });
}

/** Someone without an account creates it with a password of their choosing and joins. */
export async function acceptInvitationWithNewAccount(token: string, input: { name: string; password: string }) {
  return db.transaction(async (tx) => {
    const invitation = await takePendingInvitation(tx, token);
    if (await findUserByEmail(invitation.email, tx)) {
      throw new DomainError("conflict", `${invitation.email} already has an account. Sign in to accept the invitation.`);
    }
    const user = await createUser(tx, { email: invitation.email, name: input.name, password: input.password });
    return { ...(await join(tx, invitation, user.id)), email: user.email };
  });
}

/** The signed-in invitee turns the invitation down; the link stops working. */
export async function declineInvitation(token: string, userId: string) {
  await db.transaction(async (tx) => {
    const invitation = await takePendingInvitation(tx, token);
    await assertInvited(tx, invitation, userId);
    await tx.update(invitations).set({ declinedAt: new Date() }).where(eq(invitations.id, invitation.id));
    await recordAudit(tx, {
      workspaceId: invitation.workspaceId,
      actor: { type: "user", id: userId },
      action: "invitation.declined",
      targetType: "invitation",
      targetId: invitation.id,
      details: { email: invitation.email },
    });
  });
}
