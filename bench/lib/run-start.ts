// The start every benchmark run shares: how loaded the machine is, a data dir for the embedded
// cluster, and the loopback receiver, each removed or stopped by the run's teardown.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { progress } from "./log";
import { startBenchReceiver } from "./receiver";
import { onTeardown } from "./teardown";

export async function startBenchRun(name: string) {
  // The figures are only comparable on an otherwise idle machine.
  progress(
    `${availableParallelism()} CPUs, load average ${loadavg()
      .map((load) => load.toFixed(2))
      .join(" ")} at the start`,
  );
  const dataDir = mkdtempSync(path.join(tmpdir(), `${name}-`));
  chmodSync(dataDir, 0o755); // embedded PostgreSQL runs as `postgres` when we are root
  onTeardown(async () => rmSync(dataDir, { recursive: true, force: true }));
  const receiver = await startBenchReceiver();
  onTeardown(receiver.close);
  return { dataDir, receiver };
}
