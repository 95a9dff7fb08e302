// Reading the stats' time series for charts. Buckets are whole UTC minutes, hours or days, so
// their times are written in UTC, by hand rather than through Intl, so that the server and every
// browser write exactly the same text.

export type Bucket = "minute" | "hour" | "day";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (value: number) => String(value).padStart(2, "0");
const day = (date: Date) => `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
const clock = (date: Date) => `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;

/** An axis tick: "14:05" for minutes and hours, "Nov 28" for days. */
export function bucketTick(iso: string, bucket: Bucket): string {
  const date = new Date(iso);
  return bucket === "day" ? day(date) : clock(date);
}

/** The bucket in full, for tooltips and tables: "Nov 28, 14:00–15:00 UTC", "Nov 28 (UTC)". */
export function bucketLabel(iso: string, bucket: Bucket): string {
  const start = new Date(iso);
  if (bucket === "day") return `${day(start)} (UTC)`;
  const end = new Date(start.getTime() + (bucket === "hour" ? 3_600_000 : 60_000));
  return `${day(start)}, ${clock(start)}–${clock(end)} UTC`;
}

/** The keys with a value other than zero or null somewhere in the series, in the order given. */
export function keysWithData<Key extends string>(series: readonly Partial<Record<Key, number | null>>[], keys: readonly Key[]): Key[] {
  return keys.filter((key) => series.some((point) => (point[key] ?? 0) !== 0));
}
