// Merging and reading the latency histograms of the hourly rollups; the buckets themselves are
// defined with the rollup table, in db/latency-histogram.ts.
import { bucketBounds, LATENCY_BUCKETS } from "@/db/latency-histogram";

export { LATENCY_BUCKETS, latencyBucket } from "@/db/latency-histogram";

export type LatencyHistogram = { counts: number[]; min: number | null; max: number | null };

export const emptyHistogram = (): LatencyHistogram => ({ counts: new Array<number>(LATENCY_BUCKETS).fill(0), min: null, max: null });

export function mergeHistogram(into: LatencyHistogram, counts: ArrayLike<number>, min: number | null, max: number | null) {
  for (let i = 0; i < LATENCY_BUCKETS; i++) into.counts[i]! += counts[i] ?? 0;
  if (min !== null) into.min = into.min === null ? min : Math.min(into.min, min);
  if (max !== null) into.max = into.max === null ? max : Math.max(into.max, max);
}

/**
 * The q-quantile (0–1) in whole milliseconds, or null when the histogram is empty. It is
 * interpolated inside its bucket and clamped to the observed min and max, so it is off by less
 * than one bucket width (20 %) and exact when all values are equal.
 */
export function histogramPercentile({ counts, min, max }: LatencyHistogram, q: number): number | null {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let bucket = 0; bucket < LATENCY_BUCKETS; bucket++) {
    const count = counts[bucket]!;
    if (count === 0 || seen + count < rank) {
      seen += count;
      continue;
    }
    const [low, high] = bucketBounds(bucket);
    const estimate = low + ((rank - seen) / count) * (high - low);
    return Math.round(Math.min(max ?? estimate, Math.max(min ?? estimate, estimate)));
  }
  return max;
}
