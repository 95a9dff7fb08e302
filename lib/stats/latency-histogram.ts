/**
 * Attempt durations are rolled up hourly as a histogram so latency percentiles over any range
 * come from a few hundred rows instead of every attempt. Buckets 0–7 hold exact milliseconds;
 * above that each bucket is 20 % wider than the last, up to 60 s. A percentile is interpolated
 * inside its bucket and clamped to the observed min and max, so it is off by less than one bucket
 * width (20 %) and exact when all values are equal.
 *
 * `latencyBucketSql` in the 0003 migration computes the same bucket inside PostgreSQL.
 */
export const LATENCY_BUCKETS = 57;
const EXACT = 8;
const GROWTH = 1.2;

export const histogramColumns = Array.from({ length: LATENCY_BUCKETS }, (_, i) => `h${i}`);

export function latencyBucket(ms: number): number {
  if (ms < EXACT) return Math.max(0, Math.floor(ms));
  return Math.min(LATENCY_BUCKETS - 1, EXACT + Math.floor(Math.log(ms / EXACT) / Math.log(GROWTH)));
}

function bucketBounds(bucket: number): [number, number] {
  if (bucket < EXACT) return [bucket, bucket];
  return [EXACT * GROWTH ** (bucket - EXACT), EXACT * GROWTH ** (bucket - EXACT + 1)];
}

export type LatencyHistogram = { counts: number[]; min: number | null; max: number | null };

export const emptyHistogram = (): LatencyHistogram => ({ counts: new Array<number>(LATENCY_BUCKETS).fill(0), min: null, max: null });

export function mergeHistogram(into: LatencyHistogram, counts: ArrayLike<number>, min: number | null, max: number | null) {
  for (let i = 0; i < LATENCY_BUCKETS; i++) into.counts[i]! += counts[i] ?? 0;
  if (min !== null) into.min = into.min === null ? min : Math.min(into.min, min);
  if (max !== null) into.max = into.max === null ? max : Math.max(into.max, max);
}

/** The q-quantile (0–1) in whole milliseconds, or null when the histogram is empty. */
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
