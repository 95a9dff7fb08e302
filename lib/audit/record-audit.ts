import type { Database, Transaction } from "@/db";
import { auditLog } from "@/db/schema";
import type { Actor } from "@/lib/auth/roles";
import { newId } from "@/lib/ids";

type AuditEntry = {
  workspaceId: string;
  actor: Actor;
  action: string;
  targetType: string;
  targetId: string;
  details?: Record<string, unknown>;
};

/** Appends to the workspace's audit log, inside the caller's transaction when given one. */
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
