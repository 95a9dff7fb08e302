import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, memberships } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { DomainError } from "@/lib/errors";
import { addMember, changeMemberRole, removeMember } from "@/lib/members/members";
import { findUserByEmail } from "@/lib/users/users";
import { addTestMember, createOwnedWorkspace, uniqueEmail } from "@/test/fixtures";

const asOwner = (id: string) => ({ actor: { type: "user" as const, id }, role: "owner" as const });
const asAdmin = (id: string) => ({ actor: { type: "user" as const, id }, role: "admin" as const });

describe("members", () => {
  it("creates an account with a working one-time password for a new email", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    const email = uniqueEmail("new");
    const added = await addMember(workspace.id, { email, role: "viewer" }, asOwner(owner.id));
    expect(added.temporaryPassword).toMatch(/^[\w-]{16}$/);
    const user = await findUserByEmail(email);
    expect(await verifyPassword(user!.passwordHash, added.temporaryPassword!)).toBe(true);

    const audit = await db.select().from(auditLog).where(eq(auditLog.workspaceId, workspace.id));
    expect(audit.map((a) => a.action)).toContain("member.added");
  });

  it("adds an existing account without a new password, once", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    const other = await createOwnedWorkspace();
    const added = await addMember(workspace.id, { email: other.owner.email, role: "admin" }, asOwner(owner.id));
    expect(added.temporaryPassword).toBeUndefined();
    await expect(addMember(workspace.id, { email: other.owner.email, role: "admin" }, asOwner(owner.id))).rejects.toThrow(/already a member/);
  });

  it("keeps at least one owner", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    await expect(changeMemberRole(workspace.id, { userId: owner.id, role: "admin" }, asOwner(owner.id))).rejects.toThrow(
      "A workspace needs at least one owner.",
    );
    await expect(removeMember(workspace.id, { userId: owner.id }, asOwner(owner.id))).rejects.toThrow(DomainError);
    const [row] = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.workspaceId, workspace.id), eq(memberships.userId, owner.id)));
    expect(row!.role).toBe("owner");
  });

  it("lets only owners grant or touch the owner role", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    const admin = await addTestMember(workspace.id, "admin");
    await expect(addMember(workspace.id, { email: uniqueEmail(), role: "owner" }, asAdmin(admin.id))).rejects.toThrow(/Only an owner/);
    await expect(removeMember(workspace.id, { userId: owner.id }, asAdmin(admin.id))).rejects.toThrow(/Only an owner/);
    const viewer = await addTestMember(workspace.id, "viewer");
    await changeMemberRole(workspace.id, { userId: viewer.id, role: "admin" }, asAdmin(admin.id));
    await removeMember(workspace.id, { userId: viewer.id }, asAdmin(admin.id));
  });
});
