// A fresh PostgreSQL for the test run: the embedded server in a temp directory, or the server
// of DATABASE_URL when set. Migrations are applied once to a template database; every test
// file then gets its own copy (test/setup-env.ts), so files never see each other's rows or runs.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { postgresClient } from "@/db/client";
import { startEmbeddedPostgres } from "@/db/embedded";
import { migrateDatabase } from "@/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseServerUrl: string;
    templateDatabase: string;
  }
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export default async function setup(project: TestProject) {
  const runId = randomBytes(4).toString("hex");
  let serverUrl = process.env.DATABASE_URL;
  let stopServer = async () => {};
  if (!serverUrl) {
    // /tmp is reachable by the postgres user even when the checkout is not.
    const dir = mkdtempSync(path.join(tmpdir(), "tern-test-"));
    chmodSync(dir, 0o755);
    const database = await startEmbeddedPostgres({ clusterDir: path.join(dir, "postgres"), ephemeral: true });
    serverUrl = database.url;
    stopServer = async () => {
      await database.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const template = `tern_test_${runId}`;
  const admin = postgresClient(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${template}`);
  await migrateDatabase(databaseUrl(serverUrl, template));
  project.provide("databaseServerUrl", serverUrl);
  project.provide("templateDatabase", template);

  return async () => {
    const databases = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`${template}%`}`;
    for (const { datname } of databases) await admin.unsafe(`drop database if exists ${datname} with (force)`);
    await admin.end();
    await stopServer();
  };
}
