// The workspace settings form's action with the endpoints-per-tenant cap: only the session is
// faked; validation, roles, the write and its audit row run against the real database.
import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { auditLog, workspaces } from "@/db/schema";
import type { RequestActor } from "@/lib/auth/session";
import { addTestMember, createOwnedWorkspace } from "@/test/fixtures";

const requester: RequestActor = { userId: undefined, workspaceId: undefined };
vi.mock("@/lib/auth/session", () => ({ resolveRequestActor: async () => ({ ...requester }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { setStrictModeAction, updateWorkspaceAction } = await import("./actions");

const capOf = async (workspaceId: string) => (await db.select().from(workspaces).where(eq(workspaces.id, workspaceId)))[0]!.maxEndpointsPerTenant;

describe("the endpoints-per-tenant setting", () => {
  it("is saved by an admin and audited as a workspace change", async () => {
    const { workspace } = await createOwnedWorkspace("Caps");
    const admin = await addTestMember(workspace.id, "admin");
    Object.assign(requester, { userId: admin.id, workspaceId: workspace.id });

    expect(await updateWorkspaceAction(null, { name: "Caps", retentionDays: "30", maxEndpointsPerTenant: "250" })).toEqual({ ok: true, data: null });
    expect(await capOf(workspace.id)).toBe(250);
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, workspace.id), eq(auditLog.action, "workspace.updated")));
    expect(audit).toMatchObject({ actorId: admin.id, targetId: workspace.id, details: { maxEndpointsPerTenant: 250 } });
  });

  it("takes 1 to 10,000 whole endpoints, and says so beside the field", async () => {
    const { owner, workspace } = await createOwnedWorkspace("Caps");
    Object.assign(requester, { userId: owner.id, workspaceId: workspace.id });
    for (const [value, message] of [
      ["0", "Allow each tenant at least 1 endpoint."],
      ["10001", "Allow each tenant at most 10,000 endpoints."],
      ["2.5", "Enter a whole number of endpoints."],
      ["", "Allow each tenant at least 1 endpoint."],
      ["many", "Enter a number of endpoints."],
    ]) {
      expect(await updateWorkspaceAction(null, { name: "Caps", retentionDays: "30", maxEndpointsPerTenant: value })).toMatchObject({
        ok: false,
        fieldErrors: { maxEndpointsPerTenant: [message] },
        values: { maxEndpointsPerTenant: value },
      });
    }
    expect(await updateWorkspaceAction(null, { name: "Caps", retentionDays: "30", maxEndpointsPerTenant: "10000" })).toMatchObject({ ok: true });
    expect(await capOf(workspace.id)).toBe(10_000);
  });

  it("cannot be changed by a viewer", async () => {
    const { workspace } = await createOwnedWorkspace("Caps");
    const viewer = await addTestMember(workspace.id, "viewer");
    Object.assign(requester, { userId: viewer.id, workspaceId: workspace.id });
    expect(await updateWorkspaceAction(null, { name: "Caps", retentionDays: "30", maxEndpointsPerTenant: "1" })).toEqual({
      ok: false,
      error: "Your role (viewer) cannot do this. Ask a workspace admin or owner.",
    });
    expect(await capOf(workspace.id)).toBe(20);
  });
});

describe("the strict mode switch", () => {
  const strictOf = async (workspaceId: string) => (await db.select().from(workspaces).where(eq(workspaces.id, workspaceId)))[0]!.strictEventTypes;

  it("is turned on and off by an admin, each change audited", async () => {
    const { workspace } = await createOwnedWorkspace("Strict");
    const admin = await addTestMember(workspace.id, "admin");
    Object.assign(requester, { userId: admin.id, workspaceId: workspace.id });

    expect(await setStrictModeAction(null, { strictEventTypes: "on" })).toEqual({ ok: true, data: { strictEventTypes: true } });
    expect(await strictOf(workspace.id)).toBe(true);
    expect(await setStrictModeAction(null, { strictEventTypes: "off" })).toEqual({ ok: true, data: { strictEventTypes: false } });
    expect(await strictOf(workspace.id)).toBe(false);
    const audits = await db
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, workspace.id), eq(auditLog.action, "workspace.updated")));
    expect(audits.map((audit) => audit.details)).toEqual([{ strictEventTypes: true }, { strictEventTypes: false }]);
  });

  it("cannot be changed by a viewer", async () => {
    const { workspace } = await createOwnedWorkspace("Strict");
    const viewer = await addTestMember(workspace.id, "viewer");
    Object.assign(requester, { userId: viewer.id, workspaceId: workspace.id });
    expect(await setStrictModeAction(null, { strictEventTypes: "on" })).toMatchObject({ ok: false });
    expect(await strictOf(workspace.id)).toBe(false);
  });
});
