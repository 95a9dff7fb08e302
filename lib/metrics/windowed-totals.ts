/** One count the database keeps for a time window (an hour, a minute) and a series (a label value). */
export type WindowCount = { window: string; series: string; value: number };

/**
 * Turns counts the database keeps per recent time window into increases for a monotonic counter.
 * Summing every retained row would make a counter that falls when retention deletes old rows,
 * which Prometheus reads as a restart (and rate() as a spike); reading only the recent windows
 * and adding how much each grew since the last scrape never falls. The first reading only sets
 * the baseline, as a counter starts at zero when its process does. A window that shrank (its
 * deliveries were deleted) adds nothing.
 */
export class WindowedTotals {
  private seen = new Map<string, number>();
  private primed = false;

  /** The increase of each series since the previous call. */
  advance(counts: WindowCount[]): Map<string, number> {
    const increases = new Map<string, number>();
    const next = new Map<string, number>();
    for (const { window, series, value } of counts) {
      const key = `${window}\u0000${series}`;
      next.set(key, (next.get(key) ?? 0) + value);
    }
    if (this.primed) {
      for (const [key, value] of next) {
        const grew = value - (this.seen.get(key) ?? 0);
        if (grew <= 0) continue;
        const series = key.slice(key.indexOf("\u0000") + 1);
        increases.set(series, (increases.get(series) ?? 0) + grew);
      }
    }
    this.seen = next;
    this.primed = true;
    return increases;
  }
}
