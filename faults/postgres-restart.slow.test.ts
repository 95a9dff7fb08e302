// PostgreSQL restarts in the middle of a storm: the worker rides it out by itself (connection
// errors are retried, abandoned runs are leased again) and every delivery arrives.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, it } from "vitest";
import { type EmbeddedDatabase, freePort, startEmbeddedPostgres } from "@/db/embedded";
import { migrateDatabase } from "@/db/migrate";
import { createOwnedWorkspace } from "@/test/fixtures";
import { startReceiver } from "@/test/receiver";
import { expectAllDelivered, startWorker, stopAllWorkers, storm, subscribe } from "./harness";

// This file owns its server, so restarting it disturbs no other test file.
const dir = mkdtempSync(path.join(tmpdir(), "tern-fault-pg-"));
chmodSync(dir, 0o755);
process.env.TERN_DATA_DIR = dir;
const clusterDir = path.join(dir, "postgres");
const port = await freePort();
let database: EmbeddedDatabase = await startEmbeddedPostgres({ clusterDir, port });
await migrateDatabase(database.url);
process.env.DATABASE_URL = database.url;

afterAll(async () => {
  await stopAllWorkers();
  await database.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("PostgreSQL restarts during a storm", () => {
  it("are survived without losing a delivery", async () => {
    const receiver = await startReceiver((_request, response) => setTimeout(() => response.end("ok"), 2));
    try {
      await startWorker();
      const { workspace } = await createOwnedWorkspace();
      const endpoint = await subscribe(workspace.id, receiver.url("/pg"));
      const published = await storm(workspace.id, 2_000);
      // Three restarts, each once deliveries are flowing again.
      for (const progress of [300, 800, 1_300]) {
        await receiver.waitForRequests(progress);
        await database.stop();
        database = await startEmbeddedPostgres({ clusterDir, port });
      }

      await expectAllDelivered({ received: () => receiver.received, path: "/pg", endpointId: endpoint.id, eventIds: published, timeoutMs: 300_000 });
    } finally {
      await receiver.close();
    }
  }, 400_000);
});
