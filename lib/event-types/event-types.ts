import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { db } from "@/db";
import { eventTypes } from "@/db/schema";
import { decodeCursor, keysetOrder, pastCursor, toPage } from "@/lib/api/pagination";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/roles";
import { DomainError } from "@/lib/errors";
import { BUILT_IN_EVENT_TYPES, builtInEventType, operationalTypeRefusal } from "@/lib/event-types/built-in";
import type { createEventTypeInput, updateEventTypeInput } from "@/lib/event-types/schemas";
import { newId } from "@/lib/ids";

const notFound = (name: string) => new DomainError("not_found", `No event type named "${name}" in this workspace.`);

/** The built-in types past the cursor: they sort after every workspace type, among themselves by id, newest first. */
function builtInsPast(cursor: string | undefined) {
  if (!cursor) return BUILT_IN_EVENT_TYPES;
  const position = decodeCursor(cursor);
  return BUILT_IN_EVENT_TYPES.filter(
    (type) => position.createdAt > type.createdAt || (position.createdAt.getTime() === type.createdAt.getTime() && position.id > type.id),
  );
}

/**
 * The catalog, newest first: the workspace's types, then Tern's own (tern.*) unless `builtIns` is
 * false — a tenant's endpoints never receive those, so the portal does not list them.
 */
export async function listEventTypes(workspaceId: string, page: { limit: number; cursor?: string }, { builtIns = true }: { builtIns?: boolean } = {}) {
  const rows = await db
    .select()
    .from(eventTypes)
    .where(and(eq(eventTypes.workspaceId, workspaceId), pastCursor(eventTypes.createdAt, eventTypes.id, page.cursor)))
    .orderBy(...keysetOrder(eventTypes.createdAt, eventTypes.id))
    .limit(page.limit + 1);
  const own = rows.map((row) => ({ ...row, builtIn: false }));
  const builtIn = builtIns && own.length <= page.limit ? builtInsPast(page.cursor).map((type) => ({ ...type, workspaceId })) : [];
  return toPage([...own, ...builtIn], page.limit);
}

export async function getEventType(workspaceId: string, name: string, { builtIns = true }: { builtIns?: boolean } = {}) {
  const builtIn = builtIns ? builtInEventType(name) : undefined;
  if (builtIn) return { ...builtIn, workspaceId };
  const [row] = await db
    .select()
    .from(eventTypes)
    .where(and(eq(eventTypes.workspaceId, workspaceId), eq(eventTypes.name, name)));
  if (!row) throw notFound(name);
  return { ...row, builtIn: false };
}

function assertNotOperational(name: string, field?: string) {
  const refusal = operationalTypeRefusal(name);
  if (refusal) throw new DomainError(field ? "invalid" : "forbidden", refusal, field);
}

export async function createEventType(workspaceId: string, input: z.output<typeof createEventTypeInput>, actor: Actor) {
  assertNotOperational(input.name, "name");
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
  assertNotOperational(name);
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
  assertNotOperational(name);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(eventTypes)
      .where(and(eq(eventTypes.workspaceId, workspaceId), eq(eventTypes.name, name)))
      .returning({ id: eventTypes.id });
    if (!row) throw notFound(name);
    await recordAudit(tx, { workspaceId, actor, action: "event_type.deleted", targetType: "event_type", targetId: row.id });
  });
}

/**
 * Names and example payloads for pickers (the console's filter and test-event forms): the
 * workspace's types only, so a test send never puts a tern.* type on a tenant's endpoint.
 */
export async function eventTypeCatalog(workspaceId: string) {
  return db
    .select({ name: eventTypes.name, example: eventTypes.example })
    .from(eventTypes)
    .where(eq(eventTypes.workspaceId, workspaceId))
    .orderBy(eventTypes.name)
    .limit(500);
}
