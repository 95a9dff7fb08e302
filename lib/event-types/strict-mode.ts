// Strict mode: a workspace in strict mode takes events of its catalog's types only, and only when
// their data matches the type's schema. The check costs no query in the steady state: this
// process remembers, per workspace and type, whether the workspace was strict and the schema's
// hash with its compiled validator; the data is validated with what it remembers, and the
// publishing statement inserts the event only if that is still what is stored (admissionGuard,
// written once for all the rows of a batch, each carrying what it was admitted as).
// When it no longer is, the statement inserts nothing and publishing decides again from the
// database, so a schema change or a switch of strict mode takes effect at once in every process.
import { and, eq, type SQL, sql } from "drizzle-orm";
import { db } from "@/db";
import { eventTypes, workspaces } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { type CompiledSchema, compileEventSchema, firstViolation } from "@/lib/event-types/json-schema";

/** What publishing a type in a workspace was checked against. */
type Admission =
  | { strict: false }
  | { strict: true; listed: false }
  | { strict: true; listed: true; schemaHash: string | null; compiled: CompiledSchema | null };

// Least recently used first; a bound on memory, not on correctness (an evicted entry is read again).
const MAX_REMEMBERED = 1000;
const remembered = new Map<string, Admission>();
const keyOf = (workspaceId: string, type: string) => `${workspaceId}\u0000${type}`;

function remember(key: string, admission: Admission) {
  remembered.delete(key);
  remembered.set(key, admission);
  if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
}

// The hash is PostgreSQL's, of its canonical text of the jsonb, so the statement can compare it with what is stored.
const schemaHash = sql<string | null>`md5(${eventTypes.schema}::text)`;

async function readAdmission(workspaceId: string, type: string, previous: Admission | undefined): Promise<Admission> {
  const [row] = await db
    .select({ strict: workspaces.strictEventTypes, typeId: eventTypes.id, schema: eventTypes.schema, schemaHash })
    .from(workspaces)
    .leftJoin(eventTypes, and(eq(eventTypes.workspaceId, workspaces.id), eq(eventTypes.name, type)))
    .where(eq(workspaces.id, workspaceId));
  if (!row?.strict) return { strict: false };
  if (!row.typeId) return { strict: true, listed: false };
  // A schema compiles once per process while it stays the same.
  const unchanged = previous?.strict && previous.listed && previous.schemaHash === row.schemaHash ? previous.compiled : undefined;
  const compiled = unchanged ?? (row.schema ? compileEventSchema(row.schema) : null);
  return { strict: true, listed: true, schemaHash: row.schemaHash, compiled };
}

function refusalOf(admission: Admission, type: string, data: Record<string, unknown>): DomainError | undefined {
  if (!admission.strict) return undefined;
  if (!admission.listed) return new DomainError("invalid", `"${type}" is not in this workspace's event type catalog (strict mode is on).`, "type");
  if (!admission.compiled) return undefined;
  if (!admission.compiled.ok) {
    const { path, message } = admission.compiled.violation;
    return new DomainError(
      "invalid",
      `The schema of "${type}" is not a valid JSON Schema (${path}: ${message}); correct it in the catalog to publish "${type}" in strict mode.`,
      "type",
    );
  }
  const violation = firstViolation(admission.compiled.validate, data, "data");
  if (!violation) return undefined;
  return new DomainError("invalid", `${violation.path}: ${violation.message} (strict mode checks data against the schema of "${type}").`, violation.path);
}

/**
 * What an event was admitted as, for the publishing statement to check again: validated against
 * the schema with this hash (null: the type has none) in a strict workspace, or not validated
 * because the workspace was not strict.
 */
export type AdmittedAs = { validated: false } | { validated: true; schemaHash: string | null };

/**
 * The condition the publishing statement inserts a row under, from the row's own columns (its
 * type, and what it was admitted as): the workspace is not strict, or the row was validated and
 * its type is still in the catalog with the very schema it was validated against.
 */
export function admissionGuard(workspaceId: string, row: { type: SQL; validated: SQL; schemaHash: SQL }): SQL {
  const stillListed = sql`exists (select 1 from ${eventTypes} where ${eventTypes.workspaceId} = ${workspaceId} and ${eventTypes.name} = ${row.type}
    and ${schemaHash} is not distinct from ${row.schemaHash})`;
  return sql`not exists (select 1 from ${workspaces} where ${workspaces.id} = ${workspaceId} and ${workspaces.strictEventTypes}
    and not (${row.validated} and ${stillListed}))`;
}

/**
 * Admits an event of `type` with `data` to the workspace, or refuses it (422) when the workspace
 * is in strict mode and the type is not in its catalog or the data does not match its schema.
 * Returns what it was admitted as, which the publishing statement checks with admissionGuard.
 * `fresh` reads the database instead of what this process remembers: after the statement found
 * the guard no longer held.
 */
export async function admitEvent(workspaceId: string, type: string, data: Record<string, unknown>, { fresh = false } = {}): Promise<AdmittedAs> {
  const key = keyOf(workspaceId, type);
  const known = remembered.get(key);
  const admission = fresh || !known ? await readAdmission(workspaceId, type, known) : known;
  remember(key, admission);
  const refusal = refusalOf(admission, type, data);
  // What this process remembers may be out of date: only what is stored now refuses an event.
  if (refusal && admission === known) return admitEvent(workspaceId, type, data, { fresh: true });
  if (refusal) throw refusal;
  return admission.strict && admission.listed ? { validated: true, schemaHash: admission.schemaHash } : { validated: false };
}
