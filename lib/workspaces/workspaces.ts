import { and, asc, eq } from "drizzle-orm";
import type { Database, Transaction } from "@/db";
import { db } from "@/db";
import { type MemberRole, memberships, workspaces } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/roles";
import { newId } from "@/lib/ids";

export async function createWorkspace(tx: Database | Transaction, input: { name: string; ownerUserId: string }) {
  const [workspace] = await tx
    .insert(workspaces)
    .values({ id: newId("ws"), name: input.name })
    .returning();
  await tx.insert(memberships).values({ workspaceId: workspace!.id, userId: input.ownerUserId, role: "owner" });
  return workspace!;
}

export type WorkspaceMembership = { workspaceId: string; name: string; role: MemberRole };

export async function listUserWorkspaces(userId: string): Promise<WorkspaceMembership[]> {
  return db
    .select({ workspaceId: workspaces.id, name: workspaces.name, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(workspaces.name), asc(workspaces.id));
}

export async function findMembershipRole(userId: string, workspaceId: string): Promise<MemberRole | undefined> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.workspaceId, workspaceId)))
    .limit(1);
  return row?.role;
}

export async function getWorkspace(workspaceId: string) {
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId)).limit(1);
  return workspace;
}

/** The endpoints-per-tenant cap keeps its value when left out. */
export async function updateWorkspaceSettings(
  workspaceId: string,
  input: { name: string; retentionDays: number; maxEndpointsPerTenant?: number },
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const [workspace] = await tx.update(workspaces).set(input).where(eq(workspaces.id, workspaceId)).returning();
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: "workspace.updated",
      targetType: "workspace",
      targetId: workspaceId,
      details: input,
    });
    return workspace!;
  });
}

/** Strict mode: events of types outside the catalog, or whose data does not match their type's schema, are refused. */
export async function setStrictEventTypes(workspaceId: string, strictEventTypes: boolean, actor: Actor) {
  await db.transaction(async (tx) => {
    await tx.update(workspaces).set({ strictEventTypes }).where(eq(workspaces.id, workspaceId));
    await recordAudit(tx, { workspaceId, actor, action: "workspace.updated", targetType: "workspace", targetId: workspaceId, details: { strictEventTypes } });
  });
}
