import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { postgresClient } from "./client";

const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));
// Any constant works; it only has to be the same for every Tern instance.
const MIGRATION_LOCK = 0x7465726e;

/** Every migration's file and SQL, oldest first, as drizzle-kit's journal lists them. */
export function readMigrations(): { file: string; sql: string }[] {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
  return journal.entries.map(({ tag }) => {
    const file = path.join(migrationsFolder, `${tag}.sql`);
    return { file, sql: readFileSync(file, "utf8") };
  });
}

/** Applies pending migrations; several instances starting at once take turns. */
export async function migrateDatabase(url: string): Promise<void> {
  const client = postgresClient(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(drizzle(client), { migrationsFolder });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await client.end();
  }
}
