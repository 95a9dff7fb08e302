import { randomBytes } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { Transaction } from "@/db";
import { db } from "@/db";
import { type MemberRole, memberships, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/roles";
import { DomainError } from "@/lib/errors";
import { createUser, findUserByEmail } from "@/lib/users/users";

export async function listMembers(workspaceId: string) {
  return db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(users.email));
}

type Manager = { actor: Actor & { type: "user" }; role: MemberRole };

// Only owners may create, change or remove owners.
function assertMayManage(manager: Manager, role: MemberRole) {
  if (role === "owner" && manager.role !== "owner") {
    throw new DomainError("forbidden", "Only an owner can grant or change the owner role.", "role");
  }
}

async function lockMembership(tx: Transaction, workspaceId: string, userId: string) {
  const [membership] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
    .for("update");
  if (!membership) throw new DomainError("not_found", "That person is not a member of this workspace.");
  return membership;
}

async function assertAnotherOwnerRemains(tx: Transaction, workspaceId: string) {
  // Lock every owner row so two concurrent demotions cannot both pass this check.
  const owners = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, "owner")))
    .for("update");
  if (owners.length <= 1) throw new DomainError("conflict", "A workspace needs at least one owner.");
}

/**
 * Adds a person by email. Someone without an account gets one with a temporary password,
 * returned once so the inviter can pass it on.
 */
export async function addMember(workspaceId: string, input: { email: string; role: MemberRole }, manager: Manager) {
  assertMayManage(manager, input.role);
  return db.transaction(async (tx) => {
    let user = await findUserByEmail(input.email, tx);
    let temporaryPassword: string | undefined;
    if (!user) {
      temporaryPassword = randomBytes(12).toString("base64url");
      user = await createUser(tx, { email: input.email, password: temporaryPassword });
    }
    const inserted = await tx.insert(memberships).values({ workspaceId, userId: user.id, role: input.role }).onConflictDoNothing().returning();
    if (inserted.length === 0) throw new DomainError("conflict", `${user.email} is already a member.`, "email");
    await recordAudit(tx, {
      workspaceId,
      actor: manager.actor,
      action: "member.added",
      targetType: "user",
      targetId: user.id,
      details: { email: user.email, role: input.role },
    });
    return { userId: user.id, email: user.email, role: input.role, temporaryPassword };
  });
}

export async function changeMemberRole(workspaceId: string, input: { userId: string; role: MemberRole }, manager: Manager) {
  assertMayManage(manager, input.role);
  await db.transaction(async (tx) => {
    const membership = await lockMembership(tx, workspaceId, input.userId);
    assertMayManage(manager, membership.role);
    if (membership.role === input.role) return;
    if (membership.role === "owner") await assertAnotherOwnerRemains(tx, workspaceId);
    await tx
      .update(memberships)
      .set({ role: input.role })
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, input.userId)));
    await recordAudit(tx, {
      workspaceId,
      actor: manager.actor,
      action: "member.role_changed",
      targetType: "user",
      targetId: input.userId,
      details: { from: membership.role, to: input.role },
    });
  });
}

export async function removeMember(workspaceId: string, input: { userId: string }, manager: Manager) {
  await db.transaction(async (tx) => {
    const membership = await lockMembership(tx, workspaceId, input.userId);
    assertMayManage(manager, membership.role);
    if (membership.role === "owner") await assertAnotherOwnerRemains(tx, workspaceId);
    await tx.delete(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, input.userId)));
    await recordAudit(tx, {
      workspaceId,
      actor: manager.actor,
      action: "member.removed",
      targetType: "user",
      targetId: input.userId,
      details: { role: membership.role },
    });
  });
}
