// The tenant page's portal actions: only the session and the request's headers are faked; roles,
// validation, the workspace boundary and the sessions run against the real database.
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { auditLog, portalSessions } from "@/db/schema";
import type { RequestActor } from "@/lib/auth/session";
import { portalAccessFor } from "@/lib/portal/sessions";
import { createTenant } from "@/lib/tenants/tenants";
import { addTestMember, createOwnedWorkspace } from "@/test/fixtures";

const requester: RequestActor = { userId: undefined, workspaceId: undefined };
vi.mock("@/lib/auth/session", () => ({ resolveRequestActor: async () => ({ ...requester }) }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ origin: "https://console.example.com" }) }));

const { openPortalAsTenantAction, revokePortalSessionsAction } = await import("./portal-actions");

const system = { type: "system", id: null } as const;
const tokenOf = (url: string) => new URL(url).hash.replace(/^#token=/, "");

describe("the tenant page's portal actions", () => {
  let workspaceId: string;
  let tenantId: string;
  beforeEach(async () => {
    delete process.env.AUTH_URL;
    const { workspace } = await createOwnedWorkspace();
    workspaceId = workspace.id;
    tenantId = (await createTenant(workspaceId, { key: "acme", metadata: {} }, system)).id;
  });

  it("open a read-only portal for an hour by default, full access when ticked, audited as the admin", async () => {
    const admin = await addTestMember(workspaceId, "admin");
    Object.assign(requester, { userId: admin.id, workspaceId });

    const readOnly = await openPortalAsTenantAction(null, { tenantId });
    expect(readOnly).toEqual({
      ok: true,
      data: { url: expect.stringMatching(`^https://console.example.com/portal/${workspaceId}#token=tpt_`), readOnly: true },
    });
    const access = await portalAccessFor(tokenOf(readOnly.ok ? readOnly.data.url : ""));
    expect(access).toMatchObject({ workspaceId, tenantId, readOnly: true });
    const lifetime = access!.expiresAt.getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(3_590_000);
    expect(lifetime).toBeLessThanOrEqual(3_600_000);

    process.env.AUTH_URL = "https://tern.example.com";
    const full = await openPortalAsTenantAction(null, { tenantId: "acme", fullAccess: "on" });
    expect(full).toMatchObject({ ok: true, data: { url: expect.stringMatching("^https://tern.example.com/portal/"), readOnly: false } });
    expect(await portalAccessFor(tokenOf(full.ok ? full.data.url : ""))).toMatchObject({ tenantId, readOnly: false });

    const audit = await db
      .select({ actorType: auditLog.actorType, actorId: auditLog.actorId })
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, workspaceId), eq(auditLog.action, "portal_session.created")));
    expect(audit).toEqual([
      { actorType: "user", actorId: admin.id },
      { actorType: "user", actorId: admin.id },
    ]);
  });

  it("revoke every open session of the tenant, audited as the admin", async () => {
    const admin = await addTestMember(workspaceId, "admin");
    Object.assign(requester, { userId: admin.id, workspaceId });
    const opened = await openPortalAsTenantAction(null, { tenantId });
    expect(await revokePortalSessionsAction(null, { tenantId })).toEqual({ ok: true, data: { revoked: 1 } });
    expect(await portalAccessFor(tokenOf(opened.ok ? opened.data.url : ""))).toBeUndefined();
    const [revoked] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, workspaceId), eq(auditLog.action, "portal_sessions.revoked")));
    expect(revoked).toMatchObject({ actorType: "user", actorId: admin.id, targetId: tenantId });
  });

  it("refuse a viewer, and a tenant of another workspace, opening nothing", async () => {
    const viewer = await addTestMember(workspaceId, "viewer");
    Object.assign(requester, { userId: viewer.id, workspaceId });
    const refusal = { ok: false, error: "Your role (viewer) cannot do this. Ask a workspace admin or owner." };
    expect(await openPortalAsTenantAction(null, { tenantId })).toEqual(refusal);
    expect(await revokePortalSessionsAction(null, { tenantId })).toEqual(refusal);

    const other = await createOwnedWorkspace("Other");
    const foreign = await createTenant(other.workspace.id, { key: "acme", metadata: {} }, system);
    const admin = await addTestMember(workspaceId, "admin");
    Object.assign(requester, { userId: admin.id, workspaceId });
    expect(await openPortalAsTenantAction(null, { tenantId: foreign.id, fullAccess: "on" })).toMatchObject({ ok: false });
    expect(await revokePortalSessionsAction(null, { tenantId: foreign.id })).toMatchObject({ ok: false });
    const form = new FormData();
    form.set("tenantId", tenantId);
    form.set("fullAccess", "yes");
    expect(await openPortalAsTenantAction(null, form)).toMatchObject({ ok: false, fieldErrors: { fullAccess: expect.any(Array) } });
    for (const id of [workspaceId, other.workspace.id]) expect(await db.$count(portalSessions, eq(portalSessions.workspaceId, id))).toBe(0);
  });
});
