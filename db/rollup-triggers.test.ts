import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { readMigrations } from "@/db/migrate";
import { definesRollupTriggers, rollupTriggersSql } from "@/db/rollup-triggers";

const generatedStatements = rollupTriggersSql()
  .split("--> statement-breakpoint")
  .map((statement) => statement.trim());

describe("the rollup triggers", () => {
  it("are defined last by a migration holding exactly the generated SQL", () => {
    const newest = readMigrations()
      .filter((migration) => definesRollupTriggers(migration.sql))
      .at(-1);
    expect(newest?.sql, "run `npm run db:rollup-triggers` after changing db/rollup-triggers.ts").toBe(rollupTriggersSql());
  });

  it("run in the migrated database as generated", async () => {
    const functions = generatedStatements.flatMap((statement) => {
      const [, name, source] = /CREATE OR REPLACE FUNCTION (\w+)\(.*?\$\$(.*)\$\$;$/s.exec(statement) ?? [];
      return name ? [{ name, source }] : [];
    });
    const installedFunctions = await db.execute<{ name: string; source: string }>(sql`
      select proname as name, prosrc as source from pg_proc where proname = any(${sql.param(functions.map((f) => f.name))}::text[])`);
    expect([...installedFunctions].sort((a, b) => a.name.localeCompare(b.name))).toEqual(functions.sort((a, b) => a.name.localeCompare(b.name)));

    const triggers = generatedStatements.filter((statement) => statement.startsWith("CREATE OR REPLACE TRIGGER"));
    const installedTriggers = await db.execute<{ definition: string }>(sql`
      select pg_get_triggerdef(oid) as definition from pg_trigger where tgname like '%\_rollup\_%' order by tgname`);
    const asInstalled = (statement: string) =>
      statement
        .replace("CREATE OR REPLACE TRIGGER", "CREATE TRIGGER")
        .replace(/ ON (\w+)/, " ON public.$1")
        .replace(/;$/, "");
    expect(installedTriggers.map((row) => row.definition)).toEqual(triggers.map(asInstalled).sort());
  });
});
