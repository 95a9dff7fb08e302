// Server actions across workspaces: the session is the only thing faked here (who is asking);
// membership, roles, validation and the writes all run against the real database.
import { and, eq, isNull } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { apiKeys, memberships, workspaces } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/api-keys";
import type { RequestActor } from "@/lib/auth/session";
import { addTestMember, createOwnedWorkspace } from "@/test/fixtures";

const requester: RequestActor = { userId: undefined, workspaceId: undefined };
vi.mock("@/lib/auth/session", () => ({ resolveRequestActor: async () => ({ ...requester }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { createApiKeyAction, revokeApiKeyAction } = await import("@/app/(console)/settings/api-keys/actions");
const { changeMemberRoleAction, removeMemberAction, inviteMemberAction } = await import("@/app/(console)/settings/members/actions");
const { updateWorkspaceAction } = await import("@/app/(console)/settings/workspace/actions");

function actAs(userId: string | undefined, workspaceId: string | undefined) {
  requester.userId = userId;
  requester.workspaceId = workspaceId;
}

const activeKeysOf = (workspaceId: string) =>
  db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)));

describe("server actions are scoped to the caller's workspace", () => {
  let a: Awaited<ReturnType<typeof createOwnedWorkspace>>;
  let b: Awaited<ReturnType<typeof createOwnedWorkspace>>;

  beforeEach(async () => {
    a = await createOwnedWorkspace("A");
    b = await createOwnedWorkspace("B");
  });

  it("lets an owner act in their own workspace", async () => {
    actAs(a.owner.id, a.workspace.id);
    const result = await createApiKeyAction(null, { name: "ci", scopes: [] });
    expect(result.ok).toBe(true);
    expect(await activeKeysOf(a.workspace.id)).toHaveLength(1);
  });

  it("refuses a member of A who names workspace B", async () => {
    actAs(a.owner.id, b.workspace.id);
    const result = await createApiKeyAction(null, { name: "sneaky", scopes: [] });
    expect(result).toEqual({ ok: false, error: "You are not a member of this workspace." });
    expect(await activeKeysOf(b.workspace.id)).toHaveLength(0);

    const rename = await updateWorkspaceAction(null, { name: "Taken over", retentionDays: 1 });
    expect(rename.ok).toBe(false);
    const [workspaceB] = await db.select().from(workspaces).where(eq(workspaces.id, b.workspace.id));
    expect(workspaceB!.name).toBe("B");
  });

  it("cannot revoke B's key or change B's members from A, even with their ids", async () => {
    const { apiKey } = await createApiKey(b.workspace.id, { name: "b-key", scopes: [] }, { type: "user", id: b.owner.id });
    actAs(a.owner.id, a.workspace.id);

    const revoke = await revokeApiKeyAction(null, { keyId: apiKey.id });
    expect(revoke).toMatchObject({ ok: false, error: "No such API key in this workspace." });
    expect(await activeKeysOf(b.workspace.id)).toHaveLength(1);

    const demote = await changeMemberRoleAction(null, { userId: b.owner.id, role: "viewer" });
    expect(demote.ok).toBe(false);
    const remove = await removeMemberAction(null, { userId: b.owner.id });
    expect(remove.ok).toBe(false);
    const [ownerOfB] = await db.select().from(memberships).where(eq(memberships.userId, b.owner.id));
    expect(ownerOfB!.role).toBe("owner");
  });

  it("refuses viewers every mutation, on the server", async () => {
    const viewer = await addTestMember(a.workspace.id, "viewer");
    actAs(viewer.id, a.workspace.id);
    const create = await createApiKeyAction(null, { name: "viewer key", scopes: [] });
    expect(create).toEqual({ ok: false, error: "Your role (viewer) cannot do this. Ask a workspace admin or owner." });
    expect(await activeKeysOf(a.workspace.id)).toHaveLength(0);
    const invite = await inviteMemberAction(null, { email: "friend@example.test", role: "admin" });
    expect(invite.ok).toBe(false);
  });

  it("refuses callers without a session", async () => {
    actAs(undefined, a.workspace.id);
    const result = await createApiKeyAction(null, { name: "anon", scopes: [] });
    expect(result).toEqual({ ok: false, error: "Your session has ended. Sign in again." });
  });

  it("answers invalid input with field errors and keeps what was typed", async () => {
    actAs(a.owner.id, a.workspace.id);
    const form = new FormData();
    form.set("name", "   ");
    form.append("scopes", "events:write");
    form.append("scopes", "everything:please");
    const result = await createApiKeyAction(null, form);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors?.name?.[0]).toMatch(/Give the key a name/);
    expect(result.fieldErrors?.scopes).toBeDefined();
    expect(result.values).toEqual({ name: "   " });
    expect(await activeKeysOf(a.workspace.id)).toHaveLength(0);
  });
});
