// One fresh PostgreSQL database per test run: the embedded server in a temp directory,
// or a new database on the server of DATABASE_URL when it is set.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/db/embedded";
import { migrateDatabase } from "@/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

async function createScratchDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `tern_test_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export default async function setup(project: TestProject) {
  let url: string;
  let teardown: () => Promise<void>;
  if (process.env.DATABASE_URL) {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL);
    url = scratch.url;
    teardown = scratch.drop;
  } else {
    // /tmp is reachable by the postgres user even when the checkout is not.
    const dir = mkdtempSync(path.join(tmpdir(), "tern-test-"));
    chmodSync(dir, 0o755);
    const database = await startEmbeddedPostgres({ clusterDir: path.join(dir, "postgres"), ephemeral: true });
    url = database.url;
    teardown = async () => {
      await database.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  await migrateDatabase(url);
  project.provide("databaseUrl", url);
  return teardown;
}
