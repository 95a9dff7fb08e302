// The embedded Inngest-compatible executor: drives the app's functions through its serve()
// handler with the SDK's protocol, keeping runs and memoized steps in Postgres. Several
// instances may share one database: a run is leased by one worker at a time (SKIP LOCKED),
// and a lease that is not renewed (the worker died) lets another worker resume the run.
import { randomBytes } from "node:crypto";
import { and, eq, inArray, lte, type SQL, sql } from "drizzle-orm";
import type { Logger } from "pino";
import { db, getDb, type Transaction } from "@/db";
import { type EngineEventPayload, engineCron, engineEvents, engineRuns, type MemoizedStep } from "@/db/engine-schema";
import { unqualified } from "@/db/sql";
import { setting } from "@/lib/config/settings";
import { type CompiledFunction, loadFunctions, saveFunctions } from "@/lib/engine/functions";
import { ingestEvents, insertRuns, runFor } from "@/lib/engine/ingest";
import { type CallPayload, type CallResult, callFunction, type SdkOp, syncApp, type Transport } from "@/lib/engine/protocol";
import { ENGINE_CHANNEL, wakeExecutors } from "@/lib/engine/wake";
import { createLogger, log } from "@/lib/log";
import { nextCronTime } from "@/lib/time/cron";
import { parseDuration, parseRetryAfter } from "@/lib/time/duration";

type Run = typeof engineRuns.$inferSelect;

export type ExecutorOptions = {
  transport: Transport;
  /** The serve endpoint's URL, as the app is reachable; reported to the SDK at sync. */
  serveUrl: string;
  signingKey?: string;
  /** Calls in flight at once in this process. */
  maxInFlight?: number;
  leaseMs?: number;
  pollMs?: number;
  /** Receives the executor's log lines (JSON) instead of the process log: tests silence or print them. */
  log?: (line: string) => void;
};

const FAILURE_EVENT = "inngest/function.failed";
const CRON_EVENT = "inngest/scheduled.timer";
const MAX_CALLS_PER_CLAIM = 200;
const HOUSEKEEPING_INTERVAL_MS = 10 * 60_000;
const CRON_CHECK_INTERVAL_MS = 1_000;
// Every published event wakes the executors; a burst of wake-ups within this gap costs one claim.
const MIN_CLAIM_GAP_MS = 10;
const HOUSEKEEPING_BATCH = 1_000;
const SUPPORTED_OPS = new Set(["StepRun", "StepError", "StepFailed", "StepPlanned", "Sleep", "RunComplete"]);

/** Parses the SDK's sleep target: "1h30m" style durations or an ISO time. */
function sleepUntil(target: string, now = Date.now()): Date {
  const duration = parseDuration(target);
  if (duration !== undefined) return new Date(now + duration);
  const time = Date.parse(target);
  if (Number.isNaN(time)) throw new Error(`Cannot read the sleep target "${target}"`);
  return new Date(time);
}

function retryAfterDate(retryAfter: string | undefined, now = Date.now()): Date | undefined {
  const seconds = parseRetryAfter(retryAfter, now);
  return seconds === undefined ? undefined : new Date(now + seconds * 1000);
}

function backoffDate(attempt: number): Date {
  const base = setting("TERN_ENGINE_RETRY_BASE_MS");
  const delay = Math.min(base * 2 ** attempt, 10 * 60_000) * (0.75 + Math.random() / 2);
  return new Date(Date.now() + delay);
}

function errorOf(body: unknown): Record<string, unknown> {
  if (body && typeof body === "object" && "message" in body) return body as Record<string, unknown>;
  return { name: "Error", message: typeof body === "string" ? body : JSON.stringify(body) };
}

export class Executor {
  readonly instanceId = `exec_${randomBytes(6).toString("hex")}`;
  private functions = new Map<string, CompiledFunction>();
  private running = false;
  private inFlight = new Set<Promise<void>>();
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private unlisten: (() => Promise<void>) | undefined;
  private loopDone: Promise<void> | undefined;
  private lastHousekeeping = 0;
  private lastCronCheck = 0;
  private lastClaimAt = 0;
  /** The key of the last run claimed in its turn: the next claim's walk over the keys starts after it. */
  private claimCursor = "";
  private readonly maxInFlight: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly log: Logger;

  constructor(private readonly options: ExecutorOptions) {
    this.maxInFlight = options.maxInFlight ?? setting("TERN_ENGINE_MAX_IN_FLIGHT");
    this.leaseMs = options.leaseMs ?? setting("TERN_ENGINE_LEASE_MS");
    this.pollMs = options.pollMs ?? 500;
    const root = options.log ? createLogger({ write: options.log }) : log;
    this.log = root.child({ module: "engine", instanceId: this.instanceId });
  }

  /** Syncs the app's functions (refusing options it does not implement) and stores them. */
  async sync(): Promise<CompiledFunction[]> {
    const app = await syncApp(this.options.transport, this.options.serveUrl, this.options.signingKey);
    const definitions = await saveFunctions(app.appId, app.functions);
    const ids = new Set(definitions.map((d) => d.id));
    const functions = (await loadFunctions()).filter((fn) => ids.has(fn.id));
    this.functions = new Map(functions.map((fn) => [fn.id, fn]));
    return functions;
  }

  async start(): Promise<void> {
    const functions = await this.sync();
    this.running = true;
    const listener = await getDb().$client.listen(ENGINE_CHANNEL, () => this.wake());
    this.unlisten = () => listener.unlisten();
    this.loopDone = this.loop();
    this.log.info({ functions: functions.length }, "Embedded executor started");
  }

  /** Stops claiming work and waits for calls in flight; unfinished runs resume elsewhere or later. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loopDone;
    await Promise.allSettled(this.inFlight);
    await this.unlisten?.();
  }

  /** Whether anything is still queued or running (for tests and benchmarks that wait for quiet). */
  async idle(): Promise<boolean> {
    const [row] = await db
      .select({ open: sql<number>`count(*)::int` })
      .from(engineRuns)
      .where(sql`${engineRuns.status} in ('queued', 'running') and ${engineRuns.functionId} = any(${sql.param([...this.functions.keys()])}::text[])`);
    return row?.open === 0;
  }

  // A wake-up that arrives while the loop is busy is remembered, not lost.
  private wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        await this.fireDueCrons();
        await this.housekeeping();
        const free = this.maxInFlight - this.inFlight.size;
        this.woken = false;
        const claimed = free > 0 ? await this.claim(free) : [];
        for (const run of claimed) {
          const task = this.execute(run)
            .catch((error: unknown) =>
              this.log.error({ err: error, runId: run.id, functionId: run.functionId }, "Run stopped on an error; it resumes when its lease expires"),
            )
            .finally(() => {
              this.inFlight.delete(task);
              this.wake();
            });
          this.inFlight.add(task);
        }
        if (claimed.length === free && free > 0) continue;
        await this.waitForWork();
      } catch (error) {
        // Database outages and the like: keep the loop alive and try again shortly.
        this.log.error({ err: error }, "Executor loop failed; trying again shortly");
        await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      }
    }
  }

  private async waitForWork(): Promise<void> {
    if (this.woken) {
      const gap = this.lastClaimAt + MIN_CLAIM_GAP_MS - Date.now();
      if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
      return;
    }
    let wait = this.pollMs;
    // With free slots, sleep only until the next run is due; with none, a finishing call wakes us.
    if (this.inFlight.size < this.maxInFlight) {
      const [next] = await db
        .select({ runAt: sql<Date | null>`min(${engineRuns.runAt})` })
        .from(engineRuns)
        .where(eq(engineRuns.status, "queued"));
      const dueIn = next?.runAt ? new Date(next.runAt).getTime() - Date.now() : this.pollMs;
      // Due but not claimable means a concurrency limit is full: look again shortly.
      wait = dueIn <= 0 ? 50 : Math.min(dueIn, this.pollMs);
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeUp = undefined;
  }

  /**
   * Leases due runs, never exceeding a concurrency key's limit across all instances. Runs without
   * a key (cron jobs, alerts, failure handlers, the fan-out of an event to more endpoints than one
   * statement starts) and runs whose lease expired go first, oldest first. Keys then take turns:
   * each claim goes on from the key after the last one this instance leased a run of, wrapping
   * around, so every key with a due run gets a turn per round however many keys wait (an endpoint
   * per tenant makes thousands). In its turn a key gets runs up to its free slots, oldest first.
   */
  private async claim(limit: number): Promise<Run[]> {
    this.lastClaimAt = Date.now();
    return db.transaction(async (tx) => {
      const functionIds = sql.param([...this.functions.keys()]);
      const after = this.claimCursor;
      // The keys with a due run are found by skipping along engine_runs_queued_key_idx, one probe
      // each, from the key after the cursor to the last and then from the first, and a key's runs
      // are read only up to its free slots. The walk stops after twice as many keys as this claim
      // has slots (the spares stand in for keys whose next runs another instance's claim holds
      // locked) plus the keys with runs in flight, which may have no free slot, so a claim reads
      // about as much with ten thousand endpoints waiting as with ten. (Before PostgreSQL 18,
      // which skips within an index scan, a probe also reads the entries of the keys it passes
      // whose runs are all later, such as an endpoint's scheduled retries.) Runs whose lease
      // expired are taken while their key has a free slot.
      const firstKey = (where: SQL) => sql`
        select ${engineRuns.concurrencyKey} as key, ${engineRuns.concurrencyLimit} as lim from ${engineRuns}
        where ${engineRuns.status} = 'queued' and ${engineRuns.concurrencyKey} is not null and ${where} and ${engineRuns.runAt} <= now()
          and ${engineRuns.functionId} = any(${functionIds}::text[])
        order by ${engineRuns.concurrencyKey}, ${engineRuns.runAt} limit 1`;
      const candidates = await tx.execute<{ id: string; concurrencyKey: string | null; concurrencyLimit: number | null; turn: number | null }>(sql`
        with recursive busy as (
          select ${engineRuns.concurrencyKey} as key, count(*)::int as running from ${engineRuns}
          where ${engineRuns.status} = 'running' and ${engineRuns.leaseExpiresAt} >= now() and ${engineRuns.concurrencyKey} is not null
          group by 1),
        keys as (
          (select first.*, 1 as turn from (
            (select *, false as wrapped from (${firstKey(sql`${engineRuns.concurrencyKey} > ${after}`)}) k)
            union all
            (select *, true from (${firstKey(sql`${engineRuns.concurrencyKey} <= ${after}`)}) k)
            limit 1) first)
          union all
          select next.key, next.lim, next.wrapped, keys.turn + 1 from keys cross join lateral (
            (select *, keys.wrapped as wrapped from (${firstKey(sql`${engineRuns.concurrencyKey} > keys.key and (not keys.wrapped or ${engineRuns.concurrencyKey} <= ${after})`)}) k)
            union all
            (select *, true from (${firstKey(sql`not keys.wrapped and ${engineRuns.concurrencyKey} <= ${after}`)}) k)
            limit 1) next),
        walked as (select * from keys limit ${2 * limit} + (select count(*) from busy)),
        open as (
          select walked.key, walked.turn, least(coalesce(walked.lim, 1) - coalesce(busy.running, 0), ${limit}) as slots
          from walked left join busy on busy.key = walked.key
          where coalesce(walked.lim, 1) - coalesce(busy.running, 0) > 0
          order by walked.turn limit ${2 * limit}),
        due as (
          select r.id, open.turn from open cross join lateral (
            select ${engineRuns.id} as id from ${engineRuns}
            where ${engineRuns.status} = 'queued' and ${engineRuns.concurrencyKey} = open.key and ${engineRuns.runAt} <= now() and ${engineRuns.functionId} = any(${functionIds}::text[])
            order by ${engineRuns.runAt} limit open.slots) r
          union all
          (select ${engineRuns.id}, null from ${engineRuns}
            where ${engineRuns.status} = 'queued' and ${engineRuns.concurrencyKey} is null and ${engineRuns.runAt} <= now() and ${engineRuns.functionId} = any(${functionIds}::text[])
            order by ${engineRuns.concurrencyKey}, ${engineRuns.runAt} limit ${limit})
          union all
          (select ${engineRuns.id}, null from ${engineRuns}
            where ${engineRuns.status} = 'running' and ${engineRuns.leaseExpiresAt} < now() and ${engineRuns.functionId} = any(${functionIds}::text[])
              and (${engineRuns.concurrencyKey} is null
                or coalesce((select busy.running from busy where busy.key = ${engineRuns.concurrencyKey}), 0) < coalesce(${engineRuns.concurrencyLimit}, 1))
            order by ${engineRuns.leaseExpiresAt} limit ${limit}))
        select ${engineRuns.id} as id, ${engineRuns.concurrencyKey} as "concurrencyKey", ${engineRuns.concurrencyLimit} as "concurrencyLimit", due.turn
        from due join ${engineRuns} on ${engineRuns.id} = due.id
        where (${engineRuns.status} = 'queued' and ${engineRuns.runAt} <= now()) or (${engineRuns.status} = 'running' and ${engineRuns.leaseExpiresAt} < now())
        order by due.turn nulls first, ${engineRuns.runAt}
        limit ${limit}
        for update of ${engineRuns} skip locked`);
      if (candidates.length === 0) return [];

      const keys = [...new Set(candidates.flatMap((c) => (c.concurrencyKey ? [c.concurrencyKey] : [])))].sort();
      const capacity = new Map<string, number>();
      if (keys.length) {
        // Serialise claims per key (in a fixed order, so two claimers cannot deadlock).
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(k)) from (select unnest(${sql.param(keys)}::text[]) as k order by 1) keys`);
        const busy = await tx.execute<{ concurrencyKey: string; running: number }>(sql`
          select ${engineRuns.concurrencyKey} as "concurrencyKey", count(*)::int as running from ${engineRuns}
          where ${engineRuns.status} = 'running' and ${engineRuns.leaseExpiresAt} >= now() and ${engineRuns.concurrencyKey} = any(${sql.param(keys)}::text[])
          group by ${engineRuns.concurrencyKey}`);
        const running = new Map(busy.map((row) => [row.concurrencyKey, row.running]));
        for (const candidate of candidates) {
          if (candidate.concurrencyKey && !capacity.has(candidate.concurrencyKey)) {
            capacity.set(candidate.concurrencyKey, (candidate.concurrencyLimit ?? 1) - (running.get(candidate.concurrencyKey) ?? 0));
          }
        }
      }
      const chosen = candidates.filter((candidate) => {
        if (!candidate.concurrencyKey) return true;
        const left = capacity.get(candidate.concurrencyKey) ?? 0;
        capacity.set(candidate.concurrencyKey, left - 1);
        return left > 0;
      });
      if (chosen.length === 0) return [];
      // The next claim's walk goes on after the last key served in its turn.
      const lastServed = chosen.reduce<(typeof chosen)[number] | undefined>((latest, c) => ((c.turn ?? 0) > (latest?.turn ?? 0) ? c : latest), undefined);
      if (lastServed?.concurrencyKey) this.claimCursor = lastServed.concurrencyKey;
      const leased = await tx
        .update(engineRuns)
        .set({
          status: "running",
          leaseOwner: this.instanceId,
          leaseExpiresAt: sql`now() + ${`${this.leaseMs} milliseconds`}::interval`,
          updatedAt: sql`now()`,
        })
        .where(sql`${engineRuns.id} = any(${sql.param(chosen.map((c) => c.id))}::text[])`)
        .returning();
      const leaderIds = leased.map((run) => run.id);
      return Promise.all(leased.map((run) => this.gatherBatch(tx, run, leaderIds)));
    });
  }

  /**
   * A batched function's fresh run takes along up to maxSize - 1 other queued, due runs with
   * its batch key, oldest first, and gets their events. The runs wait only while none can be
   * claimed, so batches grow under load and a quiet moment adds no latency (Inngest waits for
   * a full batch or the timeout; a run starting earlier with fewer events is just as valid).
   * A taken run has nothing left to do once its event is the batch's: its row is deleted, a
   * delete being the cheapest write (no index entries), unless it holds an idempotency key, which
   * must keep its window; that row stays as `batched`, naming the batch run.
   */
  private async gatherBatch(tx: Transaction, run: Run, leaderIds: string[]): Promise<Run> {
    const maxSize = this.functions.get(run.functionId)?.batchEvents?.maxSize;
    if (!maxSize || !run.batchKey || run.events || run.stack.length > 0) return run;
    const [batch] = await tx.execute<{ events: EngineEventPayload[] }>(sql`
      with taken as (
        select ${engineRuns.id} as id, ${engineRuns.event} as event, ${engineRuns.runAt} as run_at, ${engineRuns.idempotencyKey} is not null as keyed from ${engineRuns}
        where ${engineRuns.batchKey} = ${run.batchKey} and ${engineRuns.status} = 'queued' and ${engineRuns.runAt} <= now() and ${engineRuns.events} is null
          and cardinality(${engineRuns.stack}) = 0 and ${engineRuns.id} <> all(${sql.param(leaderIds)}::text[])
        order by ${engineRuns.runAt}, ${engineRuns.id}
        limit ${maxSize - 1}
        for update skip locked),
      deleted as (
        delete from ${engineRuns} using taken where ${engineRuns.id} = taken.id and not taken.keyed
        returning taken.event, taken.run_at, taken.id),
      kept as (
        update ${engineRuns} set ${unqualified(engineRuns.status)} = 'batched', ${unqualified(engineRuns.output)} = jsonb_build_object('batch', ${run.id}::text),
          ${unqualified(engineRuns.leaseOwner)} = null, ${unqualified(engineRuns.endedAt)} = now(), ${unqualified(engineRuns.updatedAt)} = now()
        from taken where ${engineRuns.id} = taken.id and taken.keyed
        returning taken.event, taken.run_at, taken.id),
      merged as (select * from deleted union all select * from kept)
      update ${engineRuns}
      set ${unqualified(engineRuns.events)} = jsonb_build_array(${engineRuns.event}) || coalesce((select jsonb_agg(merged.event order by merged.run_at, merged.id) from merged), '[]'::jsonb)
      where ${engineRuns.id} = ${run.id}
      returning ${engineRuns.events} as events`);
    return { ...run, events: batch!.events };
  }

  private owned() {
    return (id: string) => and(eq(engineRuns.id, id), eq(engineRuns.leaseOwner, this.instanceId), eq(engineRuns.status, "running"));
  }

  private payload(run: Run, fn: CompiledFunction, steps: Record<string, MemoizedStep>, stack: string[], attempt: number, planned: boolean): CallPayload {
    return {
      version: 2,
      event: run.event,
      events: run.events ?? [run.event],
      steps,
      ctx: {
        run_id: run.id,
        attempt,
        max_attempts: fn.maxAttempts,
        disable_immediate_execution: planned,
        use_api: false,
        stack: { stack, current: stack.length },
      },
    };
  }

  private async call(fn: CompiledFunction, stepId: string, payload: CallPayload): Promise<CallResult> {
    return callFunction(this.options.transport, {
      serveUrl: this.options.serveUrl,
      functionId: fn.id,
      stepId,
      payload,
      signingKey: this.options.signingKey,
    });
  }

  /** Drives one leased run until it finishes, sleeps, backs off, or hands back its lease. */
  private async execute(run: Run): Promise<void> {
    const fn = this.functions.get(run.functionId);
    if (!fn) {
      await this.finish(run, { failed: { name: "Error", message: `Function ${run.functionId} is no longer part of the app.` } });
      return;
    }
    const steps = { ...run.steps };
    const stack = [...run.stack];
    let attempt = run.attempt;
    let saved: Promise<boolean> = Promise.resolve(true);
    const heartbeat = setInterval(
      () => {
        db.update(engineRuns)
          .set({ leaseExpiresAt: sql`now() + ${`${this.leaseMs} milliseconds`}::interval` })
          .where(this.owned()(run.id))
          .catch((error: unknown) => this.log.warn({ err: error, runId: run.id, functionId: run.functionId }, "Renewing a run's lease failed"));
      },
      Math.max(50, this.leaseMs / 3),
    );
    try {
      for (let calls = 0; calls < MAX_CALLS_PER_CLAIM; calls++) {
        const [result, leased] = await Promise.all([this.call(fn, "step", this.payload(run, fn, steps, stack, attempt, false)), saved]);
        if (!leased) return; // another worker took the run over
        if (result.status === 200) return await this.finish(run, { output: result.body });
        if (result.status !== 206 || !Array.isArray(result.body)) {
          if (result.noRetry || result.status === 400 || attempt + 1 >= fn.maxAttempts) {
            return await this.finish(run, { failed: errorOf(result.body) });
          }
          return await this.reschedule(run, { attempt: attempt + 1, runAt: retryAfterDate(result.retryAfter) ?? backoffDate(attempt) });
        }

        const ops = result.body as SdkOp[];
        const unsupported = ops.find((op) => !SUPPORTED_OPS.has(op.op));
        if (unsupported) {
          return await this.finish(run, {
            failed: {
              name: "NonRetriableError",
              message: `Step "${unsupported.displayName ?? unsupported.id}" uses ${unsupported.op}, which the embedded executor does not support.`,
            },
          });
        }
        const complete = ops.find((op) => op.op === "RunComplete");
        if (complete) return await this.finish(run, { output: complete.data });

        // Parallel steps: the SDK plans them; run each one by its id, all at once.
        const planned = ops.filter((op) => op.op === "StepPlanned");
        const executed = await Promise.all(
          planned.map(async (op) => {
            const answer = await this.call(fn, op.id, this.payload(run, fn, steps, stack, attempt, true));
            return answer.status === 206 && Array.isArray(answer.body)
              ? (answer.body as SdkOp[]).map((o) => ({ ...o, retryAfter: answer.retryAfter }))
              : [{ id: op.id, op: "StepError", error: errorOf(answer.body), retryAfter: answer.retryAfter }];
          }),
        );
        const outcomes: (SdkOp & { retryAfter?: string })[] = [...ops.filter((op) => op.op !== "StepPlanned"), ...executed.flat()];

        const memo: Record<string, MemoizedStep> = {};
        let wakeAt: Date | undefined;
        for (const op of outcomes) {
          if (op.op === "StepRun") memo[op.id] = { type: "data", data: op.data ?? null } as MemoizedStep;
          if (op.op === "StepFailed") memo[op.id] = { type: "error", error: op.error } as MemoizedStep;
          if (op.op === "Sleep") {
            memo[op.id] = { type: "data", data: null } as MemoizedStep;
            const until = sleepUntil(op.name ?? "0s");
            if (!wakeAt || until > wakeAt) wakeAt = until;
          }
        }
        const stepError = outcomes.find((op) => op.op === "StepError");
        Object.assign(steps, memo);
        stack.push(...Object.keys(memo));
        if (stepError) {
          const runAt = retryAfterDate(stepError.retryAfter) ?? backoffDate(attempt);
          return await this.reschedule(run, { memo, attempt: attempt + 1, runAt });
        }
        attempt = 0;
        if (wakeAt && wakeAt.getTime() > Date.now()) return await this.reschedule(run, { memo, attempt, runAt: wakeAt });
        // Saved while the next call runs: a crash in between only repeats that call's work.
        saved = this.persist(run, memo);
      }
      // A very long run: hand it back so other runs get their turn.
      if (await saved) await this.reschedule(run, { attempt, runAt: new Date() });
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * Saves memoized steps; false when the lease was lost to another worker. The heartbeat renews
   * the lease: this update changes no indexed column, so PostgreSQL can make it heap-only.
   */
  private async persist(run: Run, memo: Record<string, MemoizedStep>): Promise<boolean> {
    const updated = await db
      .update(engineRuns)
      .set({
        steps: sql`${engineRuns.steps} || ${JSON.stringify(memo)}::jsonb`,
        stack: sql`${engineRuns.stack} || ${sql.param(Object.keys(memo))}::text[]`,
        attempt: 0,
        updatedAt: sql`now()`,
      })
      .where(this.owned()(run.id))
      .returning({ id: engineRuns.id });
    return updated.length > 0;
  }

  private async reschedule(run: Run, next: { memo?: Record<string, MemoizedStep>; attempt: number; runAt: Date }): Promise<void> {
    const memo = next.memo ?? {};
    await db
      .update(engineRuns)
      .set({
        steps: sql`${engineRuns.steps} || ${JSON.stringify(memo)}::jsonb`,
        stack: sql`${engineRuns.stack} || ${sql.param(Object.keys(memo))}::text[]`,
        attempt: next.attempt,
        status: "queued",
        runAt: next.runAt,
        leaseOwner: null,
        leaseExpiresAt: null,
        updatedAt: sql`now()`,
      })
      .where(this.owned()(run.id));
    wakeExecutors();
  }

  private async finish(run: Run, outcome: { output: unknown } | { failed: Record<string, unknown> }): Promise<void> {
    if ("output" in outcome) {
      // The common case in one statement; then wake runs waiting on its concurrency slot.
      const ended = await db.execute(sql`
        update ${engineRuns} set ${unqualified(engineRuns.status)} = 'completed', ${unqualified(engineRuns.output)} = ${JSON.stringify(outcome.output ?? null)}::jsonb,
          ${unqualified(engineRuns.leaseOwner)} = null, ${unqualified(engineRuns.leaseExpiresAt)} = null, ${unqualified(engineRuns.endedAt)} = now(), ${unqualified(engineRuns.updatedAt)} = now()
        where ${engineRuns.id} = ${run.id} and ${engineRuns.leaseOwner} = ${this.instanceId} and ${engineRuns.status} = 'running'
        returning ${engineRuns.id}`);
      if (ended.length > 0) wakeExecutors();
      return;
    }
    const failed = outcome.failed;
    await db.transaction(async (tx) => {
      const ended = await tx
        .update(engineRuns)
        .set({ status: "failed", error: failed, leaseOwner: null, leaseExpiresAt: null, endedAt: sql`now()`, updatedAt: sql`now()` })
        .where(this.owned()(run.id))
        .returning({ id: engineRuns.id });
      // onFailure handlers subscribe to this event; a failing handler does not trigger another.
      if (ended.length && run.event.name !== FAILURE_EVENT) {
        await ingestEvents([{ name: FAILURE_EVENT, data: { function_id: run.functionId, run_id: run.id, error: failed, event: run.event } }], tx);
      }
    });
    wakeExecutors();
    this.log.warn({ err: failed, runId: run.id, functionId: run.functionId, eventId: run.event.id }, "Run failed for good");
  }

  /** Starts one run per due cron tick; the row lock lets exactly one instance fire each tick. */
  private async fireDueCrons(): Promise<void> {
    if (Date.now() - this.lastCronCheck < CRON_CHECK_INTERVAL_MS) return;
    this.lastCronCheck = Date.now();
    let started = 0;
    await db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(engineCron)
        .where(and(lte(engineCron.nextAt, sql`now()`), inArray(engineCron.functionId, [...this.functions.keys(), ""])))
        .for("update", { skipLocked: true });
      for (const tick of due) {
        const fn = this.functions.get(tick.functionId);
        if (fn) {
          const iso = tick.nextAt.toISOString();
          const event: EngineEventPayload = { id: `cron-${fn.id}-${iso}`, name: CRON_EVENT, data: { cron: tick.cron }, ts: tick.nextAt.getTime() };
          started += await insertRuns(tx, [{ ...runFor(fn, event), idempotencyKey: `cron:${iso}` }]);
        }
        await tx
          .update(engineCron)
          .set({ nextAt: nextCronTime(tick.cron, new Date()), lastFiredAt: tick.nextAt.getTime() })
          .where(eq(engineCron.functionId, tick.functionId));
      }
    });
    if (started > 0) wakeExecutors();
  }

  /** Forgets finished runs after 3 days and received events after a day, in bounded batches. */
  private async housekeeping(): Promise<void> {
    if (Date.now() - this.lastHousekeeping < HOUSEKEEPING_INTERVAL_MS) return;
    this.lastHousekeeping = Date.now();
    await db.execute(sql`
      delete from ${engineRuns} where ${engineRuns.id} in (
        select ${engineRuns.id} from ${engineRuns} where ${engineRuns.endedAt} < now() - interval '3 days' limit ${HOUSEKEEPING_BATCH})`);
    await db.execute(sql`
      delete from ${engineEvents} where ${engineEvents.id} in (
        select ${engineEvents.id} from ${engineEvents} where ${engineEvents.receivedAt} < now() - interval '1 day' limit ${HOUSEKEEPING_BATCH})`);
  }
}
