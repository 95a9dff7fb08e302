/** "87 ms", "1.4 s", "30 s": how long an attempt took, as read at a glance. */
export function formatDurationMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
