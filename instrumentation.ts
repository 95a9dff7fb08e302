// Runs once when the Next server starts: the embedded delivery engine lives in this process.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkSettings } = await import("@/lib/config/settings");
  checkSettings();
  const { guardAgainstDroppedSocketWrites } = await import("@/db/driver-guard");
  guardAgainstDroppedSocketWrites();
  const { startEmbeddedExecutor } = await import("@/lib/engine/start");
  const { inProcessHandler } = await import("@/inngest/handler");
  await startEmbeddedExecutor(inProcessHandler);
}
