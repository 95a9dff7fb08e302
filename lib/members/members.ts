import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Transaction } from "@/db";
import { db } from "@/db";
import { apiKeys, type MemberRole, memberships, users } from "@/db/schema";
import { announceRevokedKeys, forgetKeys } from "@/lib/api-keys/key-cache";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/roles";
import { DomainError } from "@/lib/errors";
import { bumpSessionVersion } from "@/lib/users/users";

export async function listMembers(workspaceId: string) {
  return db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      joinedAt: memberships.createdAt,
      // Offered for revocation when the member is removed.
      activeApiKeysCreated: sql<number>`(select count(*)::int from ${apiKeys} where ${apiKeys.workspaceId} = ${memberships.workspaceId}
        and ${apiKeys.createdByUserId} = ${users.id} and ${apiKeys.revokedAt} is null)`,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(users.email));
}

export type Manager = { actor: Actor & { type: "user" }; role: MemberRole };

// Only owners may create, change or remove owners.
export function assertMayManage(manager: Manager, role: MemberRole) {
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

/**
 * Removes a member and ends their sessions, so the removal holds from their next request; with
 * `revokeTheirKeys`, the API keys they created in this workspace are revoked in the same transaction.
 */
export async function removeMember(workspaceId: string, input: { userId: string; revokeTheirKeys: boolean }, manager: Manager) {
  const revokedKeyIds = await db.transaction(async (tx) => {
    const membership = await lockMembership(tx, workspaceId, input.userId);
    assertMayManage(manager, membership.role);
    if (membership.role === "owner") await assertAnotherOwnerRemains(tx, workspaceId);
    await tx.delete(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, input.userId)));
    await bumpSessionVersion(tx, input.userId);
    const revokedKeys = input.revokeTheirKeys
      ? await tx
          .update(apiKeys)
          .set({ revokedAt: new Date() })
          .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.createdByUserId, input.userId), isNull(apiKeys.revokedAt)))
          .returning({ id: apiKeys.id, name: apiKeys.name })
      : [];
    await announceRevokedKeys(
      tx,
      revokedKeys.map((key) => key.id),
    );
    await recordAudit(tx, {
      workspaceId,
      actor: manager.actor,
      action: "member.removed",
      targetType: "user",
      targetId: input.userId,
      details: { role: membership.role, revokedApiKeys: revokedKeys.length },
    });
    for (const key of revokedKeys) {
      await recordAudit(tx, {
        workspaceId,
        actor: manager.actor,
        action: "api_key.revoked",
        targetType: "api_key",
        targetId: key.id,
        details: { name: key.name, reason: "creator removed from the workspace" },
      });
    }
    return revokedKeys.map((key) => key.id);
  });
  forgetKeys(revokedKeyIds);
}
