// Retention cleanup (lib/retention/cleanup.ts): rows deleted per second from expired history,
// and ingest p99 without and while it runs.
import { sql } from "drizzle-orm";
import { db } from "@/db";
import { attempts, deliveries, events } from "@/db/schema";
import { createEndpoint } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { CLEANUP_BATCH, CLEANUP_TABLES, deleteExpiredBatch, planRetention } from "@/lib/retention/cleanup";
import { ingestLoad } from "./ingest";
import { type BenchApp, RATE_LIMIT_NOTE } from "./lib/app";
import { attemptColumns, deliveryColumns, eventColumns } from "./lib/history-columns";
import { progress } from "./lib/log";
import { restClient } from "./lib/rest";
import { round } from "./lib/stats";
import { createBenchWorkspace } from "./lib/workspace";

/** `rows` events, each with one delivery and one attempt, 60 days old (retention defaults to 30). */
async function seedExpiredHistory(rows: number): Promise<number> {
  const { workspaceId: ws } = await createBenchWorkspace("bench cleanup");
  const input = createEndpointInput.parse({ url: "https://example.com/expired", eventTypes: ["*"] });
  const endpoint = await createEndpoint(ws, input, { type: "system", id: null });
  const createdAt = sql`now() - interval '60 days' - n * interval '1 second'`;
  await db.execute(sql`
    insert into ${events} (${eventColumns})
    select 'evt_x' || n, ${ws}, 'bench.expired', '{}'::jsonb, ${createdAt}, ${createdAt}
    from generate_series(1, ${rows}) n`);
  await db.execute(sql`
    insert into ${deliveries} (${deliveryColumns})
    select 'dlv_x' || n, ${ws}, 'evt_x' || n, ${endpoint.id}, 'bench.expired', 'succeeded', 1, 200, ${createdAt}, ${createdAt}
    from generate_series(1, ${rows}) n`);
  await db.execute(sql`
    insert into ${attempts} (${attemptColumns})
    select 'att_x' || n, ${ws}, 'dlv_x' || n, ${endpoint.id}, 'evt_x' || n, 1, 'scheduled', '{}'::jsonb, 200, 5 + n % 200, ${createdAt}
    from generate_series(1, ${rows}) n`);
  await db.execute(sql`analyze ${events}, ${deliveries}, ${attempts}`);
  return rows * CLEANUP_TABLES.length;
}

/** The daily cleanup's loop (inngest/functions/cleanup.ts), without the engine's step bookkeeping. */
async function deleteExpired(): Promise<{ deleted: number; seconds: number }> {
  const start = performance.now();
  let deleted = 0;
  for (const plan of await planRetention()) {
    for (const table of CLEANUP_TABLES) {
      for (;;) {
        const count = await deleteExpiredBatch(plan, table);
        deleted += count;
        if (count < CLEANUP_BATCH) break;
      }
    }
  }
  return { deleted, seconds: (performance.now() - start) / 1000 };
}

export async function cleanupBench(app: BenchApp, { rows, ingestSeconds, connections }: { rows: number; ingestSeconds: number; connections: number }) {
  const seedStart = performance.now();
  const seeded = await seedExpiredHistory(rows);
  progress(`cleanup: seeded ${seeded} expired rows in ${round((performance.now() - seedStart) / 1000)} s`);

  const { apiKey } = await createBenchWorkspace("bench cleanup ingest");
  const client = restClient(app.baseUrl, apiKey, connections);
  try {
    await ingestLoad(client, { connections, seconds: 2 }); // warm-up
    await app.waitForEngineIdle();
    const quiet = await ingestLoad(client, { connections, seconds: ingestSeconds });
    await app.waitForEngineIdle();

    let cleaning = true;
    const cleanup = deleteExpired().finally(() => {
      cleaning = false;
    });
    const busy = await ingestLoad(client, { connections, seconds: ingestSeconds, stop: () => !cleaning });
    const { deleted, seconds } = await cleanup;
    if (deleted !== seeded) throw new Error(`cleanup deleted ${deleted} rows, expected the ${seeded} seeded`);
    await app.waitForEngineIdle();

    const perSecond = Math.round(deleted / seconds);
    const ratio = busy.latency.p99 / quiet.latency.p99;
    return {
      perSecond,
      quiet,
      busy,
      doubled: ratio >= 2,
      summary:
        `cleanup: ${perSecond} rows/s (${deleted} expired attempts, deliveries and events in ${round(seconds)} s, batches of ${CLEANUP_BATCH}, ` +
        `under the ingest load for the first ${busy.seconds} s); ` +
        `ingest p99 ${quiet.latency.p99} ms without cleanup → ${busy.latency.p99} ms during it (×${round(ratio, 2)}, ${ratio >= 2 ? "doubled" : "not doubled"}; ` +
        `${connections} connections, ${quiet.perSecond} → ${busy.perSecond} requests/s; ${RATE_LIMIT_NOTE})`,
    };
  } finally {
    await client.close();
  }
}
