// Portal sessions: what lets one tenant manage its own webhooks in the portal. The operator's
// backend asks for one and hands its URL to the customer. The token travels in the URL fragment
// (never in a server log) and then as a bearer header: no cookie, so the portal works framed on
// another origin with third-party cookies blocked. The token is random and carries nothing; only
// its SHA-256 is stored, so the database alone cannot be used to open a session.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { db } from "@/db";
import { portalSessions, tenants } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/roles";
import { newId } from "@/lib/ids";
import { type CreatePortalSessionInput, PORTAL_TOKEN_PATTERN } from "@/lib/portal/schemas";
import { findTenant } from "@/lib/tenants/tenants";

const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");

/** The portal's address for a workspace; the token goes after the #, which browsers never send. */
function portalUrl(baseUrl: string, workspaceId: string, token: string): string {
  return `${baseUrl.replace(/\/$/, "")}/portal/${workspaceId}#token=${token}`;
}

/** Opens a portal session for one tenant; `baseUrl` is where Tern is reached (AUTH_URL, or the request's origin). */
export async function createPortalSession(workspaceId: string, tenantRef: string, input: CreatePortalSessionInput, actor: Actor, baseUrl: string) {
  const token = `tpt_${randomBytes(32).toString("base64url")}`;
  return db.transaction(async (tx) => {
    const tenant = await findTenant(workspaceId, tenantRef, { database: tx });
    const [session] = await tx
      .insert(portalSessions)
      .values({
        id: newId("pts"),
        workspaceId,
        tenantId: tenant.id,
        tokenHash: hashToken(token),
        readOnly: input.readOnly,
        returnUrl: input.returnUrl ?? null,
        expiresAt: sql`now() + make_interval(secs => ${input.expiresInSeconds})`,
        createdByType: actor.type,
        createdById: actor.id,
      })
      .returning({ id: portalSessions.id, expiresAt: portalSessions.expiresAt });
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: "portal_session.created",
      targetType: "tenant",
      targetId: tenant.id,
      details: { key: tenant.key, sessionId: session!.id, readOnly: input.readOnly, expiresAt: session!.expiresAt.toISOString() },
    });
    return { url: portalUrl(baseUrl, workspaceId, token), token, expiresAt: session!.expiresAt };
  });
}

export type PortalAccess = {
  sessionId: string;
  workspaceId: string;
  tenantId: string;
  tenantKey: string;
  tenantName: string;
  readOnly: boolean;
  returnUrl: string | null;
  expiresAt: Date;
};

/**
 * The workspace and tenant a portal token opens, while the session is unexpired and unrevoked and
 * its tenant exists; undefined for anything else (expired, revoked, tampered, malformed).
 */
export async function portalAccessFor(token: string): Promise<PortalAccess | undefined> {
  if (!PORTAL_TOKEN_PATTERN.test(token)) return undefined;
  const [access] = await db
    .select({
      sessionId: portalSessions.id,
      workspaceId: portalSessions.workspaceId,
      tenantId: portalSessions.tenantId,
      tenantKey: tenants.key,
      tenantName: tenants.name,
      readOnly: portalSessions.readOnly,
      returnUrl: portalSessions.returnUrl,
      expiresAt: portalSessions.expiresAt,
    })
    .from(portalSessions)
    .innerJoin(tenants, and(eq(tenants.id, portalSessions.tenantId), eq(tenants.workspaceId, portalSessions.workspaceId)))
    .where(
      and(
        eq(portalSessions.tokenHash, hashToken(token)),
        isNull(portalSessions.revokedAt),
        gt(portalSessions.expiresAt, sql`now()`),
        isNull(tenants.deletedAt),
      ),
    );
  return access;
}

/** As portalAccessFor, for a token that must belong to `workspaceId` (the workspace a portal page was opened for). */
export async function authenticatePortalToken(workspaceId: string, token: string): Promise<PortalAccess | undefined> {
  const access = await portalAccessFor(token);
  return access?.workspaceId === workspaceId ? access : undefined;
}

/** Ends every open portal session of a tenant at once; returns how many were open. */
export async function revokePortalSessions(workspaceId: string, tenantRef: string, actor: Actor): Promise<{ revoked: number }> {
  return db.transaction(async (tx) => {
    const tenant = await findTenant(workspaceId, tenantRef, { database: tx });
    const revoked = await tx
      .update(portalSessions)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(portalSessions.tenantId, tenant.id), isNull(portalSessions.revokedAt), gt(portalSessions.expiresAt, sql`now()`)))
      .returning({ id: portalSessions.id });
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: "portal_sessions.revoked",
      targetType: "tenant",
      targetId: tenant.id,
      details: { key: tenant.key, count: revoked.length },
    });
    return { revoked: revoked.length };
  });
}
