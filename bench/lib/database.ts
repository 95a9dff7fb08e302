// The run's own embedded PostgreSQL, durable like the one `npm start` runs. The bench process
// uses it through lib/ (seeding, cleanup, history queries) and the app gets it as DATABASE_URL.
import path from "node:path";
import { startEmbeddedPostgres } from "@/db/embedded";
import { migrateDatabase } from "@/db/migrate";
import { getDb } from "@/db";
import { ensureGeneratedSecrets } from "@/lib/config/data-dir";

export type BenchDatabase = { url: string; stop: () => Promise<void> };

/**
 * Starts and migrates a cluster in `dataDir`, which also becomes this process's TERN_DATA_DIR:
 * the generated secrets land there and reach the app through the environment, so both
 * processes encrypt and sign with the same keys.
 */
export async function startBenchDatabase(dataDir: string): Promise<BenchDatabase> {
  process.env.TERN_DATA_DIR = dataDir;
  ensureGeneratedSecrets();
  const database = await startEmbeddedPostgres({ clusterDir: path.join(dataDir, "postgres") });
  process.env.DATABASE_URL = database.url;
  await migrateDatabase(database.url);
  return {
    url: database.url,
    stop: async () => {
      await getDb().$client.end();
      await database.stop();
    },
  };
}
