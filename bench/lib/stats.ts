// Latency summaries for the benchmarks.

export type Percentiles = { p50: number; p95: number; p99: number };

/** Rounds to `digits` decimals, for figures meant to be read. */
export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Nearest-rank percentile of ascending `sorted` samples. */
function rank(sorted: number[], quantile: number): number {
  return sorted[Math.max(0, Math.ceil(quantile * sorted.length) - 1)] ?? Number.NaN;
}

/** p50, p95 and p99 of millisecond samples, to 0.1 ms. */
export function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: round(rank(sorted, 0.5)), p95: round(rank(sorted, 0.95)), p99: round(rank(sorted, 0.99)) };
}
