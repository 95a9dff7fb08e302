// `npm run worker`: the embedded executor on its own, without the web server. Run it beside
// app instances started with TERN_ENGINE_WORKER=0, or alone for delivery-only capacity.
import { getDb, planEachExecution } from "@/db";
import { guardAgainstDroppedSocketWrites } from "@/db/driver-guard";
import { ensureGeneratedSecrets } from "@/lib/config/data-dir";
import { checkSettings, setting } from "@/lib/config/settings";
import { startEmbeddedExecutor } from "@/lib/engine/start";
import { startTracing } from "@/lib/tracing/start-tracing";

checkSettings();
ensureGeneratedSecrets();
// The Inngest SDK copies the environment on every request it serves, several times per run. A plain
// copy of it reads in about a fifth of the time of Node's live view of the process's environment
// (6 µs against 30 µs or more per copy); nothing here needs later changes to reach native code.
process.env = { ...process.env };
guardAgainstDroppedSocketWrites();
planEachExecution();
const tracing = startTracing();
if (!setting("DATABASE_URL")) {
  console.error("[tern] npm run worker needs DATABASE_URL (the database of the app instances it serves).");
  process.exit(1);
}
// Imported once the generated secrets are in the environment: the Inngest client reads its signing key when loaded.
const { inProcessHandler } = await import("@/inngest/handler");
const executor = await startEmbeddedExecutor(inProcessHandler);
if (!executor) {
  console.error("[tern] Nothing to do: an Inngest server is configured (or TERN_ENGINE_WORKER=0).");
  process.exit(1);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    await executor.stop();
    await tracing?.shutdown();
    await getDb().$client.end();
    process.exit(0);
  });
}
