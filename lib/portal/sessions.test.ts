import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, portalSessions, tenants } from "@/db/schema";
import { createPortalSessionInput } from "@/lib/portal/schemas";
import { authenticatePortalToken, createPortalSession, portalAccessFor, revokePortalSessions } from "@/lib/portal/sessions";
import { createTenant } from "@/lib/tenants/tenants";
import { createOwnedWorkspace } from "@/test/fixtures";

const system = { type: "system", id: null } as const;
const BASE = "https://tern.example.com/";

async function tenantWithSession(input: Record<string, unknown> = {}) {
  const { workspace } = await createOwnedWorkspace();
  const tenant = await createTenant(workspace.id, { key: "acme", metadata: {} }, system);
  const session = await createPortalSession(workspace.id, "acme", createPortalSessionInput.parse(input), system, BASE);
  return { workspace, tenant, session };
}

describe("portal sessions", () => {
  it("hands out a link whose fragment carries the token, which opens exactly that tenant of that workspace", async () => {
    const { workspace, tenant, session } = await tenantWithSession({ readOnly: true, returnUrl: "https://app.example.com/webhooks" });
    expect(session.url).toBe(`https://tern.example.com/portal/${workspace.id}#token=${session.token}`);
    expect(session.expiresAt.getTime() - Date.now()).toBeGreaterThan(3590_000);
    expect(await authenticatePortalToken(workspace.id, session.token)).toMatchObject({
      workspaceId: workspace.id,
      tenantId: tenant.id,
      tenantKey: "acme",
      readOnly: true,
      returnUrl: "https://app.example.com/webhooks",
    });
    // The token alone names its workspace: the API learns it from the session, never from the request.
    expect(await portalAccessFor(session.token)).toMatchObject({ workspaceId: workspace.id, tenantId: tenant.id });
    const audit = await db.select().from(auditLog).where(eq(auditLog.workspaceId, workspace.id));
    expect(audit.map(({ action, targetId }) => ({ action, targetId }))).toContainEqual({ action: "portal_session.created", targetId: tenant.id });
    // The database keeps a hash, never the token.
    const [row] = await db.select().from(portalSessions).where(eq(portalSessions.tenantId, tenant.id));
    expect(JSON.stringify(row)).not.toContain(session.token.slice(4));
  });

  it("opens nothing for another workspace, a tampered or malformed token, an expired or revoked session, or a deleted tenant", async () => {
    const { workspace, tenant, session } = await tenantWithSession();
    const other = await createOwnedWorkspace();
    expect(await authenticatePortalToken(other.workspace.id, session.token)).toBeUndefined();
    const tampered = session.token.slice(0, -1) + (session.token.endsWith("A") ? "B" : "A");
    expect(await authenticatePortalToken(workspace.id, tampered)).toBeUndefined();
    expect(await authenticatePortalToken(workspace.id, "not a token")).toBeUndefined();
    expect(await portalAccessFor(tampered)).toBeUndefined();

    const second = await createPortalSession(workspace.id, tenant.id, createPortalSessionInput.parse({}), system, BASE);
    await db
      .update(portalSessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(portalSessions.tenantId, tenant.id));
    expect(await authenticatePortalToken(workspace.id, second.token)).toBeUndefined();

    const third = await createPortalSession(workspace.id, tenant.id, createPortalSessionInput.parse({}), system, BASE);
    const fourth = await createPortalSession(workspace.id, tenant.id, createPortalSessionInput.parse({}), system, BASE);
    expect(await revokePortalSessions(workspace.id, "acme", system)).toEqual({ revoked: 2 });
    expect(await authenticatePortalToken(workspace.id, third.token)).toBeUndefined();
    expect(await authenticatePortalToken(workspace.id, fourth.token)).toBeUndefined();

    const fifth = await createPortalSession(workspace.id, tenant.id, createPortalSessionInput.parse({}), system, BASE);
    await db.update(tenants).set({ deletedAt: new Date() }).where(eq(tenants.id, tenant.id));
    expect(await authenticatePortalToken(workspace.id, fifth.token)).toBeUndefined();
  });

  it("refuses a lifetime beyond 7 days and a return URL that is not http(s)", () => {
    expect(createPortalSessionInput.safeParse({ expiresInSeconds: 7 * 24 * 3600 + 1 }).success).toBe(false);
    expect(createPortalSessionInput.safeParse({ returnUrl: "javascript:alert(1)" }).success).toBe(false);
    expect(createPortalSessionInput.parse({})).toEqual({ expiresInSeconds: 3600, readOnly: false });
  });
});
