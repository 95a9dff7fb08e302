import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, users } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { changePassword, signOutEverywhere } from "@/lib/users/account";
import { changePasswordInput } from "@/lib/users/schemas";
import { createOwnedWorkspace, TEST_PASSWORD } from "@/test/fixtures";

const userRow = async (id: string) => (await db.select().from(users).where(eq(users.id, id)))[0]!;
const auditActions = async (workspaceId: string) =>
  (await db.select().from(auditLog).where(eq(auditLog.workspaceId, workspaceId))).map((entry) => entry.action);

describe("account", () => {
  it("changes the password only with the current one, and bumps the session version", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    await expect(changePassword(owner.id, { currentPassword: "not my password", newPassword: "a brand new passphrase" })).rejects.toMatchObject({
      code: "invalid",
      field: "currentPassword",
    });
    expect((await userRow(owner.id)).sessionVersion).toBe(0);

    await changePassword(owner.id, { currentPassword: TEST_PASSWORD, newPassword: "a brand new passphrase" });
    const changed = await userRow(owner.id);
    expect(await verifyPassword(changed.passwordHash, "a brand new passphrase")).toBe(true);
    expect(await verifyPassword(changed.passwordHash, TEST_PASSWORD)).toBe(false);
    expect(changed.sessionVersion).toBe(1);
    expect(await auditActions(workspace.id)).toContain("user.password_changed");
  });

  it("asks for a new password as long as setup does", () => {
    const result = changePasswordInput.safeParse({ currentPassword: TEST_PASSWORD, newPassword: "short" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ["newPassword"], message: "Use at least 12 characters." });
  });

  it("signs out everywhere by bumping the session version, audited in each of the user's workspaces", async () => {
    const { owner, workspace } = await createOwnedWorkspace();
    await signOutEverywhere(owner.id);
    await signOutEverywhere(owner.id);
    expect((await userRow(owner.id)).sessionVersion).toBe(2);
    expect((await auditActions(workspace.id)).filter((action) => action === "user.signed_out_everywhere")).toHaveLength(2);
  });
});
