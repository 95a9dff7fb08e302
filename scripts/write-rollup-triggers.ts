// `npm run db:rollup-triggers`: after a change to db/rollup-triggers.ts or the latency buckets,
// adds a migration replacing the rollup functions and triggers with the generated SQL.
// Migrations are append-only, so the newest one defining them is never rewritten.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { readMigrations } from "@/db/migrate";
import { definesRollupTriggers, rollupTriggersSql } from "@/db/rollup-triggers";

const generated = rollupTriggersSql();
const current = readMigrations()
  .filter((migration) => definesRollupTriggers(migration.sql))
  .at(-1);
if (current?.sql === generated) {
  console.log(`${path.relative(process.cwd(), current.file)} already holds the generated rollup triggers.`);
  process.exit(0);
}

// drizzle-kit numbers the migration, registers it in the journal and carries the schema snapshot over.
const drizzleKit = spawnSync("npx", ["drizzle-kit", "generate", "--custom", "--name", "rollup_triggers"], { stdio: "inherit" });
if (drizzleKit.status !== 0) {
  console.error("drizzle-kit could not create the migration; nothing was written.");
  process.exit(drizzleKit.status ?? 1);
}
const [created] = readMigrations().slice(-1);
if (!created) throw new Error("drizzle-kit registered no migration.");
writeFileSync(created.file, generated);
console.log(`Wrote the rollup triggers to ${path.relative(process.cwd(), created.file)}.`);
