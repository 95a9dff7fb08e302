import type { Database, Transaction } from "@/db";
import { auditLog } from "@/db/schema";
import type { Actor } from "@/lib/auth/roles";
import { newId } from "@/lib/ids";

/** Every action the audit log records, with the kind of thing it acts on. */
type AuditTargetTypes = {
  "alert.acknowledged": "alert";
  "alert.resolved": "alert";
  "alert_channel.created": "alert_channel";
  "alert_channel.deleted": "alert_channel";
  "alert_channel.tested": "alert_channel";
  "alert_channel.updated": "alert_channel";
  "api_key.created": "api_key";
  "api_key.revoked": "api_key";
  "delivery.retried": "delivery";
  "endpoint.created": "endpoint";
  "endpoint.deleted": "endpoint";
  "endpoint.recovered": "endpoint";
  "endpoint.secret_revealed": "endpoint";
  "endpoint.secret_rotated": "endpoint";
  "endpoint.tested": "endpoint";
  "endpoint.updated": "endpoint";
  "event.replayed": "event";
  "event_type.created": "event_type";
  "event_type.deleted": "event_type";
  "event_type.updated": "event_type";
  "invitation.accepted": "invitation";
  "invitation.declined": "invitation";
  "invitation.revoked": "invitation";
  "member.invited": "invitation";
  "member.removed": "user";
  "member.role_changed": "user";
  "portal_session.created": "tenant";
  "portal_settings.updated": "workspace";
  "portal_sessions.revoked": "tenant";
  "tenant.created": "tenant";
  "tenant.deleted": "tenant";
  "tenant.disabled": "tenant";
  "tenant.enabled": "tenant";
  "tenant.updated": "tenant";
  "user.password_changed": "user";
  "user.signed_out_everywhere": "user";
  "workspace.updated": "workspace";
};

export type AuditAction = keyof AuditTargetTypes;

type AuditEntry = {
  [A in AuditAction]: {
    workspaceId: string;
    actor: Actor;
    action: A;
    targetType: AuditTargetTypes[A];
    targetId: string;
    details?: Record<string, unknown>;
  };
}[AuditAction];

/** Appends to the workspace's audit log; pass the transaction of the change it records. */
export async function recordAudit(tx: Database | Transaction, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    id: newId("aud"),
    workspaceId: entry.workspaceId,
    actorType: entry.actor.type,
    actorId: entry.actor.id,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    details: entry.details ?? {},
  });
}
