// `npm run worker`: the embedded executor on its own, without the web server. Run it beside
// app instances started with TERN_ENGINE_WORKER=0, or alone for delivery-only capacity.
import { getDb, planEachExecution } from "@/db";
import { guardAgainstDroppedSocketWrites } from "@/db/driver-guard";
import { ensureGeneratedSecrets } from "@/lib/config/data-dir";
import { startEmbeddedExecutor } from "@/lib/engine/start";

ensureGeneratedSecrets();
guardAgainstDroppedSocketWrites();
planEachExecution();
if (!process.env.DATABASE_URL) {
  console.error("[tern] npm run worker needs DATABASE_URL (the database of the app instances it serves).");
  process.exit(1);
}
const executor = await startEmbeddedExecutor();
if (!executor) {
  console.error("[tern] Nothing to do: an Inngest server is configured (or TERN_ENGINE_WORKER=0).");
  process.exit(1);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    await executor.stop();
    await getDb().$client.end();
    process.exit(0);
  });
}
