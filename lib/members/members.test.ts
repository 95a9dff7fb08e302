import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { apiKeys, auditLog, memberships } from "@/db/schema";
import { createApiKey, listApiKeys } from "@/lib/api-keys/api-keys";
import { DomainError } from "@/lib/errors";
import { inviteMember } from "@/lib/members/invitations";
import { changeMemberRole, listMembers, removeMember } from "@/lib/members/members";
import { addTestMember, createOwnedWorkspace, uniqueEmail } from "@/test/fixtures";

const asOwner = (id: string) => ({ actor: { type: "user" as const, id }, role: "owner" as const });
const asAdmin = (id: string) => ({ actor: { type: "user" as const, id }, role: "admin" as const });

describe("members", () => {
  it("keeps at least one owner", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    await expect(changeMemberRole(workspace.id, { userId: owner.id, role: "admin" }, asOwner(owner.id))).rejects.toThrow(
      "A workspace needs at least one owner.",
    );
    await expect(removeMember(workspace.id, { userId: owner.id, revokeTheirKeys: true }, asOwner(owner.id))).rejects.toThrow(DomainError);
    const [row] = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.workspaceId, workspace.id), eq(memberships.userId, owner.id)));
    expect(row!.role).toBe("owner");
  });

  it("lets only owners grant or touch the owner role", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    const admin = await addTestMember(workspace.id, "admin");
    await expect(inviteMember(workspace.id, { email: uniqueEmail(), role: "owner" }, asAdmin(admin.id))).rejects.toThrow(/Only an owner/);
    await expect(removeMember(workspace.id, { userId: owner.id, revokeTheirKeys: true }, asAdmin(admin.id))).rejects.toThrow(/Only an owner/);
    const viewer = await addTestMember(workspace.id, "viewer");
    await changeMemberRole(workspace.id, { userId: viewer.id, role: "admin" }, asAdmin(admin.id));
    await removeMember(workspace.id, { userId: viewer.id, revokeTheirKeys: true }, asAdmin(admin.id));
  });

  it("revokes the keys a removed member created, with the removal, when asked", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    const admin = await addTestMember(workspace.id, "admin");
    const leaver = { type: "user" as const, id: admin.id };
    await createApiKey(workspace.id, { name: "admin's ci", scopes: [] }, leaver);
    await createApiKey(workspace.id, { name: "admin's deploys", scopes: [] }, leaver);
    const { apiKey: ownersKey } = await createApiKey(workspace.id, { name: "owner's", scopes: [] }, { type: "user", id: owner.id });
    expect((await listMembers(workspace.id)).find((member) => member.userId === admin.id)?.activeApiKeysCreated).toBe(2);
    expect((await listApiKeys(workspace.id)).map((key) => key.createdBy).sort()).toEqual([admin.email, admin.email, owner.email].sort());

    await removeMember(workspace.id, { userId: admin.id, revokeTheirKeys: true }, asOwner(owner.id));
    const active = await db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(and(eq(apiKeys.workspaceId, workspace.id), isNull(apiKeys.revokedAt)));
    expect(active).toEqual([{ id: ownersKey.id }]);
    const audit = await db.select().from(auditLog).where(eq(auditLog.workspaceId, workspace.id));
    expect(audit.filter((entry) => entry.action === "api_key.revoked")).toHaveLength(2);
    expect(audit.find((entry) => entry.action === "member.removed")?.details).toMatchObject({ revokedApiKeys: 2 });
  });

  it("keeps the keys a removed member created when told to", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    const admin = await addTestMember(workspace.id, "admin");
    await createApiKey(workspace.id, { name: "admin's ci", scopes: [] }, { type: "user", id: admin.id });
    await removeMember(workspace.id, { userId: admin.id, revokeTheirKeys: false }, asOwner(owner.id));
    const active = await db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.workspaceId, workspace.id), isNull(apiKeys.revokedAt)));
    expect(active.map((key) => key.name)).toEqual(["admin's ci"]);
  });
});
