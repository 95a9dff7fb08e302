import { STATUS_CLASSES, type StatusClass, type StatusClassCounts, statusClass } from "@/lib/stats/status-classes";
import { type ChartConfig, ChartPalette, seriesColor } from "./chart";

/** The response classes' names and colours, the same in every chart and list of them. */
export const statusClassConfig: ChartConfig<StatusClass> = {
  "2xx": { label: "2xx", color: "teal" },
  "3xx": { label: "3xx", color: "sky" },
  "4xx": { label: "4xx", color: "amber" },
  "5xx": { label: "5xx", color: "red" },
  timeout: { label: "Timed out", color: "violet" },
  refused: { label: "Refused", color: "fuchsia" },
  other: { label: "Other", color: "zinc" },
};

// Rounded down, like the success rates: 99.97 % is not 100.0 %.
const share = (count: number, total: number) => `${(Math.floor((1000 * count) / total) / 10).toFixed(1)} %`;

/**
 * How the range's attempts were answered: each class with its share, and under each HTTP class
 * the status codes in it, most frequent first.
 */
export function ResponseClasses({ counts, codes }: { counts: StatusClassCounts; codes: { status: string; count: number }[] }) {
  const total = STATUS_CLASSES.reduce((all, key) => all + counts[key], 0);
  if (total === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No attempts in this range.</p>;
  // "no response" is what timeouts and refusals share; their classes already tell them apart.
  const codesOf = (key: StatusClass) => codes.filter((code) => code.status !== "no response" && statusClass(Number(code.status)) === key);
  return (
    <ChartPalette config={statusClassConfig}>
      <ul className="space-y-3 text-sm" aria-label="Attempts by response">
        {STATUS_CLASSES.filter((key) => counts[key] > 0).map((key) => {
          const inClass = codesOf(key);
          return (
            <li key={key} data-testid={`response-class-${key}`}>
              <div className="grid grid-cols-[6rem_1fr_auto] items-center gap-3">
                <span className="flex items-center gap-1.5 font-medium">
                  <span aria-hidden className="inline-block size-2.5 rounded-sm" style={{ backgroundColor: seriesColor(key) }} />
                  {statusClassConfig[key].label}
                </span>
                <span aria-hidden className="h-2 rounded-sm bg-zinc-100 dark:bg-zinc-800">
                  <span className="block h-2 rounded-sm" style={{ width: `${(100 * counts[key]) / total}%`, backgroundColor: seriesColor(key) }} />
                </span>
                <span className="text-right tabular-nums">
                  {counts[key].toLocaleString("en")} <span className="text-zinc-600 dark:text-zinc-400">· {share(counts[key], total)}</span>
                </span>
              </div>
              {inClass.length > 0 ? (
                <p className="mt-1 pl-[6.75rem] font-mono text-xs text-zinc-600 dark:text-zinc-400">
                  {inClass.map((code) => `${code.status} × ${code.count.toLocaleString("en")}`).join(" · ")}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </ChartPalette>
  );
}
