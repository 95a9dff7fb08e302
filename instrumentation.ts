// Runs once when the Next server starts: the embedded delivery engine lives in this process.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // First, so that as few requests as possible arrive before it (those count as from an unknown address).
  const { stampSocketAddresses } = await import("@/lib/auth/client-address");
  stampSocketAddresses();
  const { checkSettings } = await import("@/lib/config/settings");
  checkSettings();
  // Before the executor, so that its first runs are traced too.
  (await import("@/lib/tracing/start-tracing")).startTracing();
  const { guardAgainstDroppedSocketWrites } = await import("@/db/driver-guard");
  guardAgainstDroppedSocketWrites();
  const { startEmbeddedExecutor } = await import("@/lib/engine/start");
  const { inProcessHandler } = await import("@/inngest/handler");
  await startEmbeddedExecutor(inProcessHandler);
  // Pending deliveries already attempted are retrying since migration 0015; in the background, as start-up need not wait.
  (await import("@/lib/deliveries/retrying-backfill")).startRetryingBackfill();
}
