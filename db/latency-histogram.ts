/**
 * Attempt durations are rolled up hourly as a histogram so latency percentiles over any range
 * come from a few hundred rows instead of every attempt. Buckets 0–7 hold exact milliseconds;
 * above that each bucket is 20 % wider than the last, up to 60 s. The rollup table has one count
 * column per bucket, and db/rollup-triggers.ts computes the same bucket inside PostgreSQL.
 */
export const LATENCY_BUCKETS = 57;
export const EXACT_BUCKETS = 8;
export const BUCKET_GROWTH = 1.2;

type BucketIndex<Seen extends number[] = []> = Seen["length"] extends typeof LATENCY_BUCKETS ? Seen[number] : BucketIndex<[...Seen, Seen["length"]]>;
/** "h0" … "h56", so the rollup table's bucket columns are typed one by one. */
export type HistogramColumn = `h${BucketIndex}`;

/** attempt_rollups' count column of each bucket, in bucket order. */
export const histogramColumns: HistogramColumn[] = Array.from({ length: LATENCY_BUCKETS }, (_, bucket) => `h${bucket}` as HistogramColumn);

export function latencyBucket(ms: number): number {
  if (ms < EXACT_BUCKETS) return Math.max(0, Math.floor(ms));
  return Math.min(LATENCY_BUCKETS - 1, EXACT_BUCKETS + Math.floor(Math.log(ms / EXACT_BUCKETS) / Math.log(BUCKET_GROWTH)));
}

/** The durations a bucket covers, in milliseconds. */
export function bucketBounds(bucket: number): [number, number] {
  if (bucket < EXACT_BUCKETS) return [bucket, bucket];
  return [EXACT_BUCKETS * BUCKET_GROWTH ** (bucket - EXACT_BUCKETS), EXACT_BUCKETS * BUCKET_GROWTH ** (bucket - EXACT_BUCKETS + 1)];
}
