import { formatRelativeTime } from "@/lib/time/relative";

/** "3 minutes ago", with the exact time (UTC) on hover. */
export function RelativeTime({ date }: { date: Date }) {
  const iso = date.toISOString();
  return (
    <time dateTime={iso} title={`${iso.slice(0, 19).replace("T", " ")} UTC`} className="whitespace-nowrap">
      {formatRelativeTime(date)}
    </time>
  );
}
