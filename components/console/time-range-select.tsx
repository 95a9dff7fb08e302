import { inputClass } from "@/components/ui/field";
import type { TimeRange } from "@/lib/console/time-ranges";

const RANGES: { value: TimeRange; label: string }[] = [
  { value: "1h", label: "Last hour" },
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
];

/** The "Time range" field of a list's filter form; "All time" is the empty value, so it stays out of the URL. */
export function TimeRangeSelect({ selected }: { selected: TimeRange | "all" }) {
  return (
    <label className="text-sm">
      <span className="mb-1 block font-medium">Time range</span>
      <select name="range" defaultValue={selected === "all" ? "" : selected} className={inputClass}>
        <option value="">All time</option>
        {RANGES.map((range) => (
          <option key={range.value} value={range.value}>
            {range.label}
          </option>
        ))}
      </select>
    </label>
  );
}
