import { eq } from "drizzle-orm";
import type { Transaction } from "@/db";
import { db } from "@/db";
import { memberships, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { verifyPassword } from "@/lib/auth/password";
import { DomainError } from "@/lib/errors";
import { bumpSessionVersion, setPassword } from "@/lib/users/users";

type AccountAction = "user.password_changed" | "user.signed_out_everywhere";

// A user belongs to no workspace of their own, so their account's changes are logged in each workspace they are a member of.
async function auditInEveryWorkspace(tx: Transaction, userId: string, action: AccountAction) {
  const joined = await tx.select({ workspaceId: memberships.workspaceId }).from(memberships).where(eq(memberships.userId, userId));
  for (const { workspaceId } of joined) {
    await recordAudit(tx, { workspaceId, actor: { type: "user", id: userId }, action, targetType: "user", targetId: userId });
  }
}

/** Sets a new password after checking the current one; every session, this one included, ends. */
export async function changePassword(userId: string, input: { currentPassword: string; newPassword: string }): Promise<{ email: string }> {
  const [user] = await db.select({ email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new DomainError("invalid", "That is not your current password.", "currentPassword");
  }
  await db.transaction(async (tx) => {
    await setPassword(tx, userId, input.newPassword);
    await auditInEveryWorkspace(tx, userId, "user.password_changed");
  });
  return { email: user.email };
}

/** Ends every session the user holds, on every device. */
export async function signOutEverywhere(userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await bumpSessionVersion(tx, userId);
    await auditInEveryWorkspace(tx, userId, "user.signed_out_everywhere");
  });
}
