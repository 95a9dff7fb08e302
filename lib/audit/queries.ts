import { and, eq, gte, isNull, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { apiKeys, auditLog, tenants, users } from "@/db/schema";
import { keysetOrder, pageQuery, pastCursor, toPage } from "@/lib/api/pagination";
import { previousPageCursor } from "@/lib/api/previous-page";
import type { AuditAction } from "@/lib/audit/record-audit";
import { isoTimestamp } from "@/lib/time/timestamp";

/** Every action the audit log records, for filters; the check below keeps it complete. */
export const auditActions = [
  "alert.acknowledged",
  "alert.resolved",
  "alert_channel.created",
  "alert_channel.deleted",
  "alert_channel.tested",
  "alert_channel.updated",
  "api_key.created",
  "api_key.revoked",
  "delivery.retried",
  "endpoint.created",
  "endpoint.deleted",
  "endpoint.recovered",
  "endpoint.secret_revealed",
  "endpoint.secret_rotated",
  "endpoint.tested",
  "endpoint.updated",
  "event.replayed",
  "event_type.created",
  "event_type.deleted",
  "event_type.updated",
  "invitation.accepted",
  "invitation.declined",
  "invitation.revoked",
  "member.invited",
  "member.removed",
  "member.role_changed",
  "portal_session.created",
  "portal_sessions.revoked",
  "portal_settings.updated",
  "tenant.created",
  "tenant.deleted",
  "tenant.disabled",
  "tenant.enabled",
  "tenant.updated",
  "user.password_changed",
  "user.signed_out_everywhere",
  "workspace.updated",
] as const satisfies readonly AuditAction[];
// An action added to recordAudit and not listed above fails the type check here.
const everyActionListed: Record<Exclude<AuditAction, (typeof auditActions)[number]>, never> = {};
void everyActionListed;

/** The actor filter's value for changes Tern made itself. */
export const SYSTEM_ACTOR = "system";

export const auditLogQuery = z.strictObject({
  actor: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, { error: `Give a user, API key or tenant id, or "${SYSTEM_ACTOR}" for Tern's own changes.` })
    .optional(),
  action: z.enum(auditActions, { error: "Not an action the audit log records." }).optional(),
  since: isoTimestamp.optional(),
  until: isoTimestamp.optional(),
  ...pageQuery,
});
export type AuditLogQuery = z.output<typeof auditLogQuery>;

export type AuditActor = { type: "user" | "api_key" | "portal" | "system"; id: string | null; name: string };

export type AuditEntry = {
  id: string;
  createdAt: Date;
  action: string;
  actor: AuditActor;
  target: { type: string; id: string };
  details: Record<string, unknown>;
};

function actorName(row: { actorType: AuditActor["type"]; actorId: string | null; userEmail: string | null; keyName: string | null; tenantKey: string | null }) {
  switch (row.actorType) {
    case "user":
      return row.userEmail ?? `user ${row.actorId}`;
    case "api_key":
      return row.keyName ? `API key “${row.keyName}”` : `API key ${row.actorId}`;
    case "portal":
      return `tenant:${row.tenantKey ?? row.actorId} (portal)`;
    case "system":
      return "Tern";
  }
}

function auditLogWhere(workspaceId: string, query: Omit<AuditLogQuery, "limit" | "cursor">): SQL | undefined {
  return and(
    eq(auditLog.workspaceId, workspaceId),
    query.actor === SYSTEM_ACTOR ? isNull(auditLog.actorId) : query.actor ? eq(auditLog.actorId, query.actor) : undefined,
    query.action ? eq(auditLog.action, query.action) : undefined,
    query.since ? gte(auditLog.createdAt, new Date(query.since)) : undefined,
    query.until ? lt(auditLog.createdAt, new Date(query.until)) : undefined,
  );
}

/** The cursor of the page before the one listAuditLog opens at `query.cursor` (null: the first page). */
export function previousAuditLogCursor(workspaceId: string, query: Omit<AuditLogQuery, "limit" | "cursor"> & { cursor: string; limit: number }) {
  return previousPageCursor(auditLog, auditLog, { where: auditLogWhere(workspaceId, query), cursor: query.cursor, limit: query.limit });
}

/**
 * The workspace's audit log, newest first, a page at a time. Each filter has its index: the
 * actor's (workspace, actor, time), the action's (workspace, action, time), or the workspace's
 * own (workspace, time) for a time range alone.
 */
export async function listAuditLog(workspaceId: string, query: Omit<AuditLogQuery, "limit"> & { limit: number }) {
  const rows = await db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      action: auditLog.action,
      actorType: auditLog.actorType,
      actorId: auditLog.actorId,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      details: auditLog.details,
      userEmail: users.email,
      keyName: apiKeys.name,
      tenantKey: tenants.key,
    })
    .from(auditLog)
    .leftJoin(users, and(eq(auditLog.actorType, "user"), eq(users.id, auditLog.actorId)))
    .leftJoin(apiKeys, and(eq(auditLog.actorType, "api_key"), eq(apiKeys.id, auditLog.actorId), eq(apiKeys.workspaceId, auditLog.workspaceId)))
    .leftJoin(tenants, and(eq(auditLog.actorType, "portal"), eq(tenants.id, auditLog.actorId), eq(tenants.workspaceId, auditLog.workspaceId)))
    .where(and(auditLogWhere(workspaceId, query), pastCursor(auditLog.createdAt, auditLog.id, query.cursor)))
    .orderBy(...keysetOrder(auditLog.createdAt, auditLog.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit);
  return {
    nextCursor: page.nextCursor,
    data: page.data.map(
      (row): AuditEntry => ({
        id: row.id,
        createdAt: row.createdAt,
        action: row.action,
        actor: { type: row.actorType, id: row.actorId, name: actorName(row) },
        target: { type: row.targetType, id: row.targetId },
        details: row.details,
      }),
    ),
  };
}
