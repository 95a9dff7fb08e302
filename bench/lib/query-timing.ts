import { progress } from "./log";
import { percentiles } from "./stats";

export type QueryTiming = { p50: number; p95: number };

/**
 * Times `run` once per sample, one after another (a query per sample, like a reader paging alone),
 * and prints p50 and p95. A first, untimed call with the first sample prepares the statements and
 * opens the pool's connections, which the console's warm server has long done.
 */
export async function timeEach<T>(label: string, samples: readonly T[], run: (sample: T) => Promise<unknown>): Promise<QueryTiming> {
  if (samples.length > 0) await run(samples[0]!);
  const durations: number[] = [];
  for (const sample of samples) {
    const start = performance.now();
    await run(sample);
    durations.push(performance.now() - start);
  }
  const { p50, p95 } = percentiles(durations);
  progress(`  ${label.padEnd(52)} p50 ${String(p50).padStart(7)} ms   p95 ${String(p95).padStart(7)} ms   (${samples.length} samples)`);
  return { p50, p95 };
}
