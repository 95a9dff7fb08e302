// Publishing events, one or a batch: one statement stores every new event of the batch, creates
// their deliveries when few endpoints match, creates the tenants their keys name for the first
// time, and (with the embedded engine) starts what delivers them; see executeWithEvents. Against an
// Inngest server they are handed over once stored (lib/events/dispatch.ts). A single event is a
// batch of one.
import { type AnyColumn, and, eq, gt, lte, sql } from "drizzle-orm";
import { db, isForeignKeyViolation, isUniqueViolation } from "@/db";
import { type Event, events, tenants } from "@/db/schema";
import { columnList, rowOf, unqualified } from "@/db/sql";
import { executeWithEvents } from "@/inngest/send";
import { DomainError } from "@/lib/errors";
import { operationalTypeRefusal } from "@/lib/event-types/built-in";
import { type AdmittedAs, admissionGuard, admitEvent } from "@/lib/event-types/strict-mode";
import { dispatchOrLeaveToSweeper } from "@/lib/events/dispatch";
import { deliveriesInsert, type FanOutPlan, planFanOut, planForNewTenant } from "@/lib/events/fan-out";
import { MAX_EVENT_DATA_BYTES, type PublishEventInput } from "@/lib/events/schemas";
import { newId } from "@/lib/ids";
import { TENANT_ID_PATTERN } from "@/lib/tenants/schemas";
import { annotateActiveSpan } from "@/lib/tracing/spans";

const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;
/**
 * How many times a batch is planned and stored: again when what it was planned against changed
 * before the statement ran (strict mode or a type's schema, a tenant deleted, an idempotency key
 * taken by a concurrent publish).
 */
const MAX_ROUNDS = 3;

export type Published = { event: Event; created: boolean };

/** What became of one event of a batch: stored (created), found by its idempotency key (not created), or refused. */
export type PublishOutcome = ({ ok: true } & Published) | { ok: false; error: DomainError };

/** What a publisher is told about the event its request stored, or found for a repeated idempotency key. */
export function receiptOf(event: Event) {
  return { id: event.id, type: event.type, tenantId: event.tenantId, createdAt: event.createdAt };
}

/** Refusals that need no query: Tern's own types, and data over the size limit. */
function refusalOf(input: PublishEventInput, operational: boolean): DomainError | undefined {
  const refusal = operational ? undefined : operationalTypeRefusal(input.type);
  if (refusal) return new DomainError("invalid", refusal, "type");
  const size = Buffer.byteLength(JSON.stringify(input.data));
  if (size > MAX_EVENT_DATA_BYTES) return new DomainError("too_large", `data is ${size} bytes serialized; the limit is ${MAX_EVENT_DATA_BYTES}.`, "data");
  return undefined;
}

const keyIn = (keys: string[]) => sql`${events.idempotencyKey} = any(${sql.param(keys)}::text[])`;
const windowStart = () => new Date(Date.now() - IDEMPOTENCY_WINDOW_MS);

/** The live events (published within 24 hours) that these idempotency keys name, by key. */
async function liveEventsByKey(workspaceId: string, keys: string[]): Promise<Map<string, Event>> {
  if (keys.length === 0) return new Map();
  const found = await db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), keyIn(keys), gt(events.createdAt, windowStart())));
  return new Map(found.map((event) => [event.idempotencyKey!, event]));
}

/** An expired key may be used again: release it from the old event. */
async function releaseExpiredKeys(workspaceId: string, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await db
    .update(events)
    .set({ idempotencyKey: null })
    .where(and(eq(events.workspaceId, workspaceId), keyIn(keys), lte(events.createdAt, windowStart())));
}

/** The event's tenant: one that exists, or one the publishing statement creates for a key seen for the first time. */
type EventTenant = { id: string; create?: false } | { key: string; create: true };

/** An event of the batch that passed every check, ready for the statement. */
type Planned = { index: number; id: string; input: PublishEventInput; admittedAs: AdmittedAs; tenant: EventTenant | null; fanOut: FanOutPlan };

/** The batch's rows as the statement reads them; each field named as the column it fills, where it fills one. */
function batchRows(planned: Planned[]): string {
  return JSON.stringify(
    planned.map(({ id, input, admittedAs, tenant }) => ({
      [events.id.name]: id,
      [events.tenantId.name]: tenant && !tenant.create ? tenant.id : null,
      new_tenant_key: tenant?.create ? tenant.key : null,
      [events.type.name]: input.type,
      [events.data.name]: input.data,
      [events.occurredAt.name]: input.occurredAt ?? null,
      [events.idempotencyKey.name]: input.idempotencyKey ?? null,
      validated: admittedAs.validated,
      schema_hash: admittedAs.validated ? admittedAs.schemaHash : null,
    })),
  );
}

/**
 * Stores the batch's events with their deliveries and new tenants, and hands them to their
 * fan-out, in one statement; the parts for new tenants and for deliveries are there only when the
 * batch has some, so the statement has one of four shapes (each prepared once). All or
 * nothing: unless every event is still admitted (see admissionGuard), it writes and sends nothing
 * and returns no rows. Two events naming one new tenant key create one tenant; two publishes of a
 * new key at once both end with the one tenant: the second waits for the first and takes its row.
 * New tenants and events are inserted in the order of their keys, so two batches that share keys
 * wait for each other in one order, never in a deadlock. Against an Inngest server the events are
 * handed over after the statement, and one whose send fails is stored all the same, for the
 * sweeper to send (lib/events/dispatch.ts).
 */
async function storeEvents(workspaceId: string, planned: Planned[], operational: boolean): Promise<Event[]> {
  const newTenants = new Map<string, string>();
  for (const { tenant } of planned) if (tenant?.create && !newTenants.has(tenant.key)) newTenants.set(tenant.key, newId("tnt"));
  const targets = planned.flatMap(({ id, fanOut }) => fanOut.targets.map((target) => ({ ...target, eventId: id })));
  const b = (column: AnyColumn) => sql`b.${unqualified(column)}`;
  const guard = admissionGuard(workspaceId, { type: b(events.type), validated: sql`b.validated`, schemaHash: sql`b.schema_hash` });
  const rows = await executeWithEvents(
    planned.flatMap(({ fanOut }) => fanOut.events),
    (sentInStatement) => ({
      with: sql`
        batch as (
          select * from jsonb_to_recordset(${batchRows(planned)}::jsonb) as b(${unqualified(events.id)} text, ${unqualified(events.tenantId)} text,
            new_tenant_key text, ${unqualified(events.type)} text, ${unqualified(events.data)} jsonb, ${unqualified(events.occurredAt)} timestamptz,
            ${unqualified(events.idempotencyKey)} text, validated boolean, schema_hash text)),
        admitted as (select bool_and(${operational ? sql`true` : guard}) as ok from batch b),
        ${
          newTenants.size === 0
            ? sql``
            : sql`tn as (
          insert into ${tenants} (${columnList(tenants.id, tenants.workspaceId, tenants.key, tenants.name)})
          select n.id, ${workspaceId}, n.key, n.key
          from unnest(${sql.param([...newTenants.values()])}::text[], ${sql.param([...newTenants.keys()])}::text[]) as n(id, key)
          where (select ok from admitted)
          order by n.key
          on conflict (${columnList(tenants.workspaceId, tenants.key)}) where ${unqualified(tenants.deletedAt)} is null
            do update set ${unqualified(tenants.key)} = excluded.${unqualified(tenants.key)}
          returning ${columnList(tenants.id, tenants.key)}),`
        }
        ev as (
          insert into ${events} (${columnList(events.id, events.workspaceId, events.tenantId, events.type, events.data, events.occurredAt, events.idempotencyKey, events.dispatchedAt)})
          select ${b(events.id)}, ${workspaceId},
            ${newTenants.size === 0 ? b(events.tenantId) : sql`coalesce(${b(events.tenantId)}, (select tn.${unqualified(tenants.id)} from tn where tn.${unqualified(tenants.key)} = b.new_tenant_key))`},
            ${b(events.type)}, ${b(events.data)}, coalesce(${b(events.occurredAt)}, now()), ${b(events.idempotencyKey)}, ${sentInStatement ? sql`now()` : sql`null`}
          from batch b
          where (select ok from admitted)
          order by ${b(events.idempotencyKey)}
          returning *)
        ${targets.length === 0 ? sql`` : sql`, delivered as (${deliveriesInsert(sql`ev`, targets)})`}`,
      returning: sql`ev`,
      sendIf: sql`exists (select 1 from ev)`,
    }),
  );
  return dispatchOrLeaveToSweeper(rows.map((row) => rowOf(events, row)));
}

/** Publishing's state across rounds: each event's outcome once it has one. */
type Batch = { workspaceId: string; inputs: PublishEventInput[]; outcomes: (PublishOutcome | undefined)[]; operational: boolean };

/**
 * Where each event goes, for the events that strict mode admitted: its tenant's (or the
 * workspace's own) endpoints, or none for a tenant the statement creates; an unknown tenant id is
 * the event's refusal.
 */
async function planEvents(batch: Batch, admitted: { index: number; admittedAs: AdmittedAs }[]): Promise<(Planned | DomainError)[]> {
  const ids = admitted.map(() => newId("evt"));
  const plans = await planFanOut(
    batch.workspaceId,
    admitted.map(({ index }, i) => ({ id: ids[i]!, type: batch.inputs[index]!.type, tenant: batch.inputs[index]!.tenant })),
  );
  return admitted.map(({ index, admittedAs }, i): Planned | DomainError => {
    const input = batch.inputs[index]!;
    const [id, fanOut] = [ids[i]!, plans[i]];
    if (fanOut) return { index, id, input, admittedAs, tenant: fanOut.tenantId === null ? null : { id: fanOut.tenantId }, fanOut };
    const ref = input.tenant!;
    if (TENANT_ID_PATTERN.test(ref)) return new DomainError("invalid", `No tenant with the id "${ref}" in this workspace.`, "tenant");
    return { index, id, input, admittedAs, tenant: { key: ref, create: true }, fanOut: planForNewTenant({ id, workspaceId: batch.workspaceId }) };
  });
}

/** Strict mode's verdict on each event; `fresh` reads the catalog again, once per type. */
async function admitEvents(batch: Batch, pending: number[], fresh: boolean): Promise<(AdmittedAs | DomainError)[]> {
  const readAgain = new Set<string>();
  const verdicts: (AdmittedAs | DomainError)[] = [];
  for (const index of pending) {
    const { type, data } = batch.inputs[index]!;
    if (batch.operational) {
      verdicts.push({ validated: false });
      continue;
    }
    try {
      verdicts.push(await admitEvent(batch.workspaceId, type, data, { fresh: fresh && !readAgain.has(type) }));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      verdicts.push(error);
    }
    readAgain.add(type);
  }
  return verdicts;
}

/**
 * One round: events whose idempotency key names a live event get that event; the others are
 * admitted, planned and stored together. Within the batch, as if its events were published one
 * after the other, the first event of a key that passes every check is stored and later ones with
 * that key are its duplicates; earlier ones keep their refusals. Events the statement did not
 * store (what admitted them changed) stay without an outcome, for the next round.
 */
async function publishRound(batch: Batch, fresh: boolean): Promise<void> {
  const { workspaceId, inputs, outcomes } = batch;
  const pendingIndexes = () => outcomes.flatMap((outcome, index) => (outcome ? [] : [index]));
  const keyOf = (index: number) => inputs[index]!.idempotencyKey;

  const live = await liveEventsByKey(workspaceId, [...new Set(pendingIndexes().flatMap((index) => keyOf(index) ?? []))]);
  if (live.size > 0) {
    // The event the key names may be one whose hand-over failed: this publish tries it again.
    const dispatched = new Map((await dispatchOrLeaveToSweeper([...live.values()])).map((event) => [event.id, event]));
    for (const index of pendingIndexes()) {
      const key = keyOf(index);
      const found = key === undefined ? undefined : live.get(key);
      if (found) outcomes[index] = { ok: true, event: dispatched.get(found.id)!, created: false };
    }
  }

  const pending = pendingIndexes();
  const verdicts = await admitEvents(batch, pending, fresh);
  const admitted: { index: number; admittedAs: AdmittedAs }[] = [];
  const plans = new Map<number, Planned | DomainError>();
  pending.forEach((index, i) => {
    const verdict = verdicts[i]!;
    if (verdict instanceof DomainError) plans.set(index, verdict);
    else admitted.push({ index, admittedAs: verdict });
  });
  for (const [i, plan] of (await planEvents(batch, admitted)).entries()) plans.set(admitted[i]!.index, plan);

  const leaders = new Map<string, Planned>();
  const duplicates: { index: number; of: Planned }[] = [];
  const toStore: Planned[] = [];
  for (const index of pending) {
    const key = keyOf(index);
    const plan = plans.get(index)!;
    const leader = key === undefined ? undefined : leaders.get(key);
    if (leader) duplicates.push({ index, of: leader });
    else if (plan instanceof DomainError) outcomes[index] = { ok: false, error: plan };
    else {
      if (key !== undefined) leaders.set(key, plan);
      toStore.push(plan);
    }
  }
  if (toStore.length === 0) return;

  await releaseExpiredKeys(workspaceId, [...leaders.keys()]);
  const stored = new Map((await storeEvents(workspaceId, toStore, batch.operational)).map((event) => [event.id, event]));
  if (stored.size === 0) return;
  for (const { index, id } of toStore) outcomes[index] = { ok: true, event: stored.get(id)!, created: true };
  for (const { index, of } of duplicates) outcomes[index] = { ok: true, event: stored.get(of.id)!, created: false };
}

/**
 * A statement that failed because something it was planned against changed concurrently, so the
 * next round plans again: another publish took one of its idempotency keys (that event is found
 * then), or a tenant or endpoint was deleted (the tenant's key is then new, its id unknown).
 */
function isRetryable(error: unknown): boolean {
  return isUniqueViolation(error) || isForeignKeyViolation(error);
}

/** The publishing request's span names the event it stored or found, or for a batch how many there were. */
function annotateTrace(outcomes: PublishOutcome[]): void {
  if (outcomes.length === 1) {
    const only = outcomes[0]!;
    if (!only.ok) return;
    const { event } = only;
    annotateActiveSpan({ "tern.event.id": event.id, "tern.event.type": event.type, ...(event.tenantId ? { "tern.tenant.id": event.tenantId } : {}) });
    return;
  }
  annotateActiveSpan({
    "tern.batch.events": outcomes.length,
    "tern.batch.created": outcomes.filter((outcome) => outcome.ok && outcome.created).length,
    "tern.batch.refused": outcomes.filter((outcome) => !outcome.ok).length,
  });
}

/**
 * Publishes a batch of events, each independently: one refused (its type, size, tenant or strict
 * mode) never holds back the others, and each outcome is in the order of `inputs`. An idempotency
 * key repeated within 24 hours returns the original event and creates no deliveries, within the
 * batch as across batches. Every new event is stored, with its deliveries, in one statement.
 */
export async function publishEvents(
  workspaceId: string,
  inputs: PublishEventInput[],
  /** Tern's own operational events skip the strict catalog check. */
  options: { operational?: boolean } = {},
): Promise<PublishOutcome[]> {
  const operational = options.operational ?? false;
  const batch: Batch = {
    workspaceId,
    inputs,
    operational,
    outcomes: inputs.map((input): PublishOutcome | undefined => {
      const refusal = refusalOf(input, operational);
      return refusal && { ok: false, error: refusal };
    }),
  };
  for (let round = 1; round <= MAX_ROUNDS && batch.outcomes.some((outcome) => !outcome); round++) {
    try {
      await publishRound(batch, round > 1);
    } catch (error) {
      if (!isRetryable(error)) throw error;
    }
  }
  const outcomes = batch.outcomes.map(
    (outcome) =>
      outcome ?? {
        ok: false as const,
        error: new DomainError(
          "conflict",
          "What this event depends on (its idempotency key, tenant, catalog entry or the strict mode setting) kept changing while it was published; publish it again.",
        ),
      },
  );
  annotateTrace(outcomes);
  return outcomes;
}

/** Publishes one event (a batch of one); a refusal is thrown. */
export async function publishEvent(workspaceId: string, input: PublishEventInput, options: { operational?: boolean } = {}): Promise<Published> {
  const outcome = (await publishEvents(workspaceId, [input], options))[0]!;
  if (!outcome.ok) throw outcome.error;
  return { event: outcome.event, created: outcome.created };
}
