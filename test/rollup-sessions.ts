// Database sessions that add to different rollup shards (db/rollup-triggers.ts), as the
// connections of a busy pool do.
import type postgres from "postgres";
import { afterAll } from "vitest";
import { postgresClient } from "@/db/client";

const sessions: postgres.Sql[] = [];
afterAll(() => Promise.all(sessions.splice(0).map((session) => session.end())));

/**
 * `count` single-connection clients whose sessions add to distinct shards, none of them shard 0,
 * into which folds add (so a test can hold one's rows while rows are folded); ended after the
 * file's tests.
 */
export async function sessionsOnDistinctShards(count: number): Promise<postgres.Sql[]> {
  const chosen = new Map<number, postgres.Sql>();
  while (chosen.size < count) {
    const session = postgresClient(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    sessions.push(session);
    const [row] = await session<{ shard: number }[]>`select tern_rollup_shard() as shard`;
    if (row!.shard !== 0 && !chosen.has(row!.shard)) chosen.set(row!.shard, session);
  }
  return [...chosen.values()];
}
