// Function configurations as the serve handler reports them at sync, checked against what
// the embedded executor implements: anything else is refused, never silently ignored.
import { and, eq, like, notInArray } from "drizzle-orm";
import { type Database, db, type Transaction } from "@/db";
import { engineCron, engineFunctions } from "@/db/engine-schema";
import { compileExpression, type Expression } from "@/lib/engine/expression";
import { nextCronTime } from "@/lib/time/cron";
import { parseDuration } from "@/lib/time/duration";

type FunctionTrigger = { event: string; expression?: string } | { cron: string };

export type FunctionDefinition = {
  id: string;
  triggers: FunctionTrigger[];
  /** retries + 1; the SDK's default is 3 retries. */
  maxAttempts: number;
  concurrency?: { limit: number; key?: string };
  idempotency?: string;
  /** Runs whose events share a key are taken into one run of up to maxSize events. */
  batchEvents?: { maxSize: number; timeoutMs: number; key?: string };
};

const SDK_DEFAULT_RETRIES = 3;
const SUPPORTED_OPTIONS = new Set(["id", "name", "triggers", "steps", "concurrency", "idempotency", "batchEvents"]);

export class UnsupportedFunctionError extends Error {
  constructor(functionId: string, problem: string) {
    super(`Function "${functionId}" ${problem}; the embedded executor does not implement it. Remove it or run Tern against an Inngest server.`);
    this.name = "UnsupportedFunctionError";
  }
}

function parseConcurrency(id: string, raw: unknown): FunctionDefinition["concurrency"] {
  if (raw === undefined || raw === null) return undefined;
  const entries = Array.isArray(raw) ? raw : [raw];
  if (entries.length !== 1) throw new UnsupportedFunctionError(id, "declares several concurrency limits");
  const entry = entries[0];
  if (typeof entry === "number") return { limit: entry };
  const { limit, key, scope, ...rest } = entry as { limit?: number; key?: string; scope?: string };
  if (Object.keys(rest).length) throw new UnsupportedFunctionError(id, `uses concurrency options ${Object.keys(rest).join(", ")}`);
  if (scope && scope !== "fn") throw new UnsupportedFunctionError(id, `uses concurrency scope "${scope}"`);
  if (typeof limit !== "number" || limit < 1) throw new UnsupportedFunctionError(id, "has a concurrency limit that is not a positive number");
  if (key) compileExpression(key);
  return { limit, key };
}

function parseBatchEvents(id: string, raw: unknown): FunctionDefinition["batchEvents"] {
  if (raw === undefined || raw === null) return undefined;
  const { maxSize, timeout, key, ...rest } = raw as { maxSize?: number; timeout?: string; key?: string };
  const extra = Object.keys(rest).filter((option) => rest[option as keyof typeof rest] !== undefined);
  if (extra.length) throw new UnsupportedFunctionError(id, `uses batchEvents options ${extra.join(", ")}`);
  if (typeof maxSize !== "number" || !Number.isInteger(maxSize) || maxSize < 1) {
    throw new UnsupportedFunctionError(id, "has a batchEvents.maxSize that is not a positive integer");
  }
  const timeoutMs = typeof timeout === "string" ? parseDuration(timeout) : undefined;
  if (timeoutMs === undefined) throw new UnsupportedFunctionError(id, `has a batchEvents.timeout that is not a duration ("${timeout}")`);
  if (key) compileExpression(key);
  return { maxSize, timeoutMs, key };
}

function parseFunctionConfig(raw: Record<string, unknown>): FunctionDefinition {
  const id = String(raw.id);
  const unsupported = Object.keys(raw).filter((key) => !SUPPORTED_OPTIONS.has(key) && raw[key] !== undefined && raw[key] !== null);
  if (unsupported.length) throw new UnsupportedFunctionError(id, `uses ${unsupported.join(", ")}`);

  const triggers = ((raw.triggers as Record<string, unknown>[] | undefined) ?? []).map((trigger): FunctionTrigger => {
    if (typeof trigger.cron === "string") {
      if (trigger.jitter) throw new UnsupportedFunctionError(id, "uses cron jitter");
      nextCronTime(trigger.cron, new Date());
      return { cron: trigger.cron };
    }
    if (typeof trigger.event !== "string") throw new UnsupportedFunctionError(id, `has a trigger of an unknown kind (${JSON.stringify(trigger)})`);
    if (typeof trigger.expression === "string") compileExpression(trigger.expression);
    return { event: trigger.event, expression: trigger.expression as string | undefined };
  });
  if (triggers.length === 0) throw new UnsupportedFunctionError(id, "has no event or cron trigger");

  const step = (raw.steps as { step?: { retries?: { attempts?: number } } } | undefined)?.step;
  const retries = step?.retries?.attempts ?? SDK_DEFAULT_RETRIES;
  if (typeof raw.idempotency === "string") compileExpression(raw.idempotency);
  return {
    id,
    triggers,
    maxAttempts: retries + 1,
    concurrency: parseConcurrency(id, raw.concurrency),
    idempotency: raw.idempotency as string | undefined,
    batchEvents: parseBatchEvents(id, raw.batchEvents),
  };
}

/** Stores an app's synced configurations (dropping functions it no longer has) and their cron schedules. */
export async function saveFunctions(appId: string, configs: Record<string, unknown>[]): Promise<FunctionDefinition[]> {
  const definitions = configs.map(parseFunctionConfig);
  const ids = definitions.map((d) => d.id);
  const ofApp = (column: typeof engineFunctions.id | typeof engineCron.functionId) =>
    and(like(column, `${appId}-%`), notInArray(column, ids.length ? ids : [""]));
  await db.transaction(async (tx) => {
    await tx.delete(engineFunctions).where(ofApp(engineFunctions.id));
    await tx.delete(engineCron).where(ofApp(engineCron.functionId));
    for (const [index, definition] of definitions.entries()) {
      await tx
        .insert(engineFunctions)
        .values({ id: definition.id, config: configs[index]! })
        .onConflictDoUpdate({ target: engineFunctions.id, set: { config: configs[index]!, syncedAt: new Date() } });
      const cron = definition.triggers.find((t): t is { cron: string } => "cron" in t);
      if (!cron) {
        await tx.delete(engineCron).where(eq(engineCron.functionId, definition.id));
        continue;
      }
      // Keep the pending fire time when the schedule is unchanged, so restarts neither skip nor repeat a tick.
      await tx
        .insert(engineCron)
        .values({ functionId: definition.id, cron: cron.cron, nextAt: nextCronTime(cron.cron, new Date()) })
        .onConflictDoUpdate({
          target: engineCron.functionId,
          set: { cron: cron.cron, nextAt: nextCronTime(cron.cron, new Date()) },
          setWhere: notInArray(engineCron.cron, [cron.cron]),
        });
    }
  });
  invalidateFunctionCache();
  return definitions;
}

export type CompiledFunction = FunctionDefinition & {
  matches: (event: { name: string }) => boolean;
  concurrencyKeyOf: (event: unknown) => string | undefined;
  idempotencyKeyOf: (event: unknown) => string | undefined;
  batchKeyOf: (event: unknown) => string | undefined;
};

function compile(definition: FunctionDefinition): CompiledFunction {
  const eventTriggers = definition.triggers
    .filter((t): t is { event: string; expression?: string } => "event" in t)
    .map((t) => ({ name: t.event, condition: t.expression ? compileExpression(t.expression) : undefined }));
  const keyExpression: Expression | undefined = definition.concurrency?.key ? compileExpression(definition.concurrency.key) : undefined;
  const idempotencyExpression = definition.idempotency ? compileExpression(definition.idempotency) : undefined;
  const batchKeyExpression = definition.batchEvents?.key ? compileExpression(definition.batchEvents.key) : undefined;
  const nameMatches = (pattern: string, name: string) => (pattern.endsWith("/*") ? name.startsWith(pattern.slice(0, -1)) : pattern === name);
  return {
    ...definition,
    matches: (event) => eventTriggers.some((t) => nameMatches(t.name, event.name) && (!t.condition || Boolean(t.condition({ event })))),
    concurrencyKeyOf: (event) => (definition.concurrency ? `${definition.id}:${keyExpression ? String(keyExpression({ event }) ?? "") : ""}` : undefined),
    idempotencyKeyOf: (event) => (idempotencyExpression ? String(idempotencyExpression({ event }) ?? "") : undefined),
    batchKeyOf: (event) => (definition.batchEvents ? `${definition.id}:${batchKeyExpression ? String(batchKeyExpression({ event }) ?? "") : ""}` : undefined),
  };
}

const CACHE_MS = 5_000;
let cache: { loadedAt: number; functions: CompiledFunction[] } | undefined;

function invalidateFunctionCache(): void {
  cache = undefined;
}

/**
 * The synced functions, compiled; cached briefly since every event ingest needs them. Pass the
 * caller's transaction when inside one, so a full pool cannot deadlock on this read.
 */
export async function loadFunctions(tx: Database | Transaction = db): Promise<CompiledFunction[]> {
  if (cache && Date.now() - cache.loadedAt < CACHE_MS) return cache.functions;
  const rows = await tx.select().from(engineFunctions);
  cache = { loadedAt: Date.now(), functions: rows.map((row) => compile(parseFunctionConfig(row.config))) };
  return cache.functions;
}
