import { and, eq, ilike, or, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { db } from "@/db";
import { endpoints, eventTypes } from "@/db/schema";
import { decodeCursor, keysetOrder, pastCursor, toPage } from "@/lib/api/pagination";
import { previousPageCursor } from "@/lib/api/previous-page";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/roles";
import { DomainError } from "@/lib/errors";
import { BUILT_IN_EVENT_TYPES, builtInEventType, operationalTypeRefusal } from "@/lib/event-types/built-in";
import { compileEventSchema, firstViolation } from "@/lib/event-types/json-schema";
import type { createEventTypeInput, updateEventTypeInput } from "@/lib/event-types/schemas";
import { newId } from "@/lib/ids";

const notFound = (name: string) => new DomainError("not_found", `No event type named "${name}" in this workspace.`);

type CatalogQuery = { limit: number; cursor?: string; search?: string };

/** Types whose name or description contains `search`, case-insensitively; none of its characters is a wildcard. */
function eventTypeSearch(search: string | undefined): SQL | undefined {
  if (!search) return undefined;
  const pattern = `%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  return or(ilike(eventTypes.name, pattern), ilike(eventTypes.description, pattern));
}

function builtInMatches(search: string | undefined) {
  const needle = search?.toLowerCase();
  return (type: { name: string; description: string }) =>
    !needle || type.name.toLowerCase().includes(needle) || type.description.toLowerCase().includes(needle);
}

/** The built-in types past the cursor: they sort after every workspace type, among themselves by id, newest first. */
function builtInsPast(cursor: string | undefined) {
  if (!cursor) return BUILT_IN_EVENT_TYPES;
  const position = decodeCursor(cursor);
  return BUILT_IN_EVENT_TYPES.filter(
    (type) => position.createdAt > type.createdAt || (position.createdAt.getTime() === type.createdAt.getTime() && position.id > type.id),
  );
}

const inWorkspace = (workspaceId: string, search: string | undefined) => and(eq(eventTypes.workspaceId, workspaceId), eventTypeSearch(search));

/**
 * The catalog, newest first, narrowed to the types whose name or description contains `search`:
 * the workspace's types, then Tern's own (tern.*) unless `builtIns` is false — a tenant's
 * endpoints never receive those, so the portal does not list them.
 */
export async function listEventTypes(workspaceId: string, page: CatalogQuery, { builtIns = true }: { builtIns?: boolean } = {}) {
  const rows = await db
    .select()
    .from(eventTypes)
    .where(and(inWorkspace(workspaceId, page.search), pastCursor(eventTypes.createdAt, eventTypes.id, page.cursor)))
    .orderBy(...keysetOrder(eventTypes.createdAt, eventTypes.id))
    .limit(page.limit + 1);
  const own = rows.map((row) => ({ ...row, builtIn: false }));
  const builtIn =
    builtIns && own.length <= page.limit
      ? builtInsPast(page.cursor)
          .filter(builtInMatches(page.search))
          .map((type) => ({ ...type, workspaceId }))
      : [];
  return toPage([...own, ...builtIn], page.limit);
}

/** Tern's own types whose name or description contains `search`, for the console's read-only section. */
export function searchBuiltInEventTypes(search: string | undefined) {
  return BUILT_IN_EVENT_TYPES.filter(builtInMatches(search));
}

/** For a "Newer" link on a page of the workspace's own types opened at `cursor`: see previousPageCursor. */
export function newerEventTypesCursor(workspaceId: string, page: { cursor: string; limit: number; search?: string }) {
  return previousPageCursor(eventTypes, eventTypes, { where: inWorkspace(workspaceId, page.search), cursor: page.cursor, limit: page.limit });
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

/**
 * Refuses a schema that is not a JSON Schema Tern can validate with, and an example its schema
 * refuses, naming the path of the problem (`schema.properties.amount.type`, `example.amount`).
 */
function assertValidSchema({ schema, example }: { schema?: Record<string, unknown> | null; example?: Record<string, unknown> | null }) {
  if (!schema) return;
  const compiled = compileEventSchema(schema);
  if (!compiled.ok) throw new DomainError("invalid", `${compiled.violation.path}: ${compiled.violation.message}.`, compiled.violation.path);
  const mismatch = example ? firstViolation(compiled.validate, example, "example") : undefined;
  if (mismatch) throw new DomainError("invalid", `${mismatch.path}: ${mismatch.message} (the example must match the schema).`, mismatch.path);
}

export async function createEventType(workspaceId: string, input: z.output<typeof createEventTypeInput>, actor: Actor) {
  assertNotOperational(input.name, "name");
  assertValidSchema(input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(eventTypes)
      .values({ id: newId("et"), workspaceId, ...input })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new DomainError("conflict", `An event type named "${input.name}" already exists.`, "name");
    await recordAudit(tx, { workspaceId, actor, action: "event_type.created", targetType: "event_type", targetId: row.id, details: { name: row.name } });
    return row;
  });
}

export async function updateEventType(workspaceId: string, name: string, input: z.output<typeof updateEventTypeInput>, actor: Actor) {
  assertNotOperational(name);
  return db.transaction(async (tx) => {
    // Locked while checked: the schema and example must agree, whichever of them this update leaves as it was.
    const [current] = await tx
      .select({ schema: eventTypes.schema, example: eventTypes.example })
      .from(eventTypes)
      .where(and(eq(eventTypes.workspaceId, workspaceId), eq(eventTypes.name, name)))
      .for("update");
    if (!current) throw notFound(name);
    assertValidSchema({
      schema: input.schema === undefined ? current.schema : input.schema,
      example: input.example === undefined ? current.example : input.example,
    });
    const [row] = await tx
      .update(eventTypes)
      .set({ ...input, updatedAt: new Date() })
      .where(and(eq(eventTypes.workspaceId, workspaceId), eq(eventTypes.name, name)))
      .returning();
    await recordAudit(tx, { workspaceId, actor, action: "event_type.updated", targetType: "event_type", targetId: row!.id, details: { name } });
    return row!;
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
    await recordAudit(tx, { workspaceId, actor, action: "event_type.deleted", targetType: "event_type", targetId: row.id, details: { name } });
  });
}

/**
 * How many of the workspace's endpoints (its own and its tenants') name each of `names` in their
 * filter: deleting a type leaves those filters as they are, so the console says how many.
 */
export async function endpointsNaming(workspaceId: string, names: string[]): Promise<Map<string, number>> {
  if (names.length === 0) return new Map();
  const named = sql`${sql.param(names)}::text[]`;
  const rows = await db.execute<{ name: string; endpoints: number }>(sql`
    select filter.name, count(*)::int as endpoints
    from ${endpoints}, unnest(${endpoints.eventTypes}) as filter(name)
    where ${endpoints.workspaceId} = ${workspaceId} and ${endpoints.eventTypes} && ${named} and filter.name = any(${named})
    group by filter.name`);
  return new Map(rows.map((row) => [row.name, row.endpoints]));
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
