import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { db } from "@/db";
import { eventTypes } from "@/db/schema";
import { keysetOrder, pastCursor, toPage } from "@/lib/api/pagination";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/roles";
import { DomainError } from "@/lib/errors";
import type { createEventTypeInput, updateEventTypeInput } from "@/lib/event-types/schemas";
import { newId } from "@/lib/ids";

const notFound = (name: string) => new DomainError("not_found", `No event type named "${name}" in this workspace.`);

export async function listEventTypes(workspaceId: string, page: { limit: number; cursor?: string }) {
  const rows = await db
    .select()
    .from(eventTypes)
    .where(and(eq(eventTypes.workspaceId, workspaceId), pastCursor(eventTypes.createdAt, eventTypes.id, page.cursor)))
    .orderBy(...keysetOrder(eventTypes.createdAt, eventTypes.id))
    .limit(page.limit + 1);
  return toPage(rows, page.limit);
}

export async function getEventType(workspaceId: string, name: string) {
  const [row] = await db
    .select()
    .from(eventTypes)
    .where(and(eq(eventTypes.workspaceId, workspaceId), eq(eventTypes.name, name)));
  if (!row) throw notFound(name);
  return row;
}

export async function createEventType(workspaceId: string, input: z.output<typeof createEventTypeInput>, actor: Actor) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(eventTypes)
      .values({ id: newId("et"), workspaceId, ...input })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new DomainError("conflict", `An event type named "${input.name}" already exists.`, "name");
    await recordAudit(tx, { workspaceId, actor, action: "event_type.created", targetType: "event_type", targetId: row.id });
    return row;
  });
}

export async function updateEventType(workspaceId: string, name: string, input: z.output<typeof updateEventTypeInput>, actor: Actor) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(eventTypes)
      .set({ ...input, updatedAt: new Date() })
      .where(and(eq(eventTypes.workspaceId, workspaceId), eq(eventTypes.name, name)))
      .returning();
    if (!row) throw notFound(name);
    await recordAudit(tx, { workspaceId, actor, action: "event_type.updated", targetType: "event_type", targetId: row.id });
    return row;
  });
}

export async function deleteEventType(workspaceId: string, name: string, actor: Actor) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(eventTypes)
      .where(and(eq(eventTypes.workspaceId, workspaceId), eq(eventTypes.name, name)))
      .returning({ id: eventTypes.id });
    if (!row) throw notFound(name);
    await recordAudit(tx, { workspaceId, actor, action: "event_type.deleted", targetType: "event_type", targetId: row.id });
  });
}

/** Names and example payloads for pickers (the console's filter and test-event forms). */
export async function eventTypeCatalog(workspaceId: string) {
  return db
    .select({ name: eventTypes.name, example: eventTypes.example })
    .from(eventTypes)
    .where(eq(eventTypes.workspaceId, workspaceId))
    .orderBy(eventTypes.name)
    .limit(500);
}
