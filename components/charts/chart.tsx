// The charts' shared parts, drawn the way shadcn/ui's chart component is: colours as CSS
// variables per series, set once on a wrapper, so the same chart follows light and dark themes.
// No "use client": the legend and palette render on the server too (in lists of figures).
import type { CSSProperties, ReactNode } from "react";
import type { TooltipContentProps } from "recharts";

/** What each series of a chart is called and which palette colour draws it. */
export type ChartConfig<Key extends string = string> = Record<Key, { label: string; color: ChartColor }>;

// Light and dark shades of each hue, chosen for at least 3:1 against the card behind them
// (white, zinc-900), so bars and lines stay distinguishable from the background in both themes.
const PALETTE = {
  teal: "[--chart-teal:var(--color-teal-600)] dark:[--chart-teal:var(--color-teal-400)]",
  red: "[--chart-red:var(--color-red-600)] dark:[--chart-red:var(--color-red-400)]",
  amber: "[--chart-amber:var(--color-amber-600)] dark:[--chart-amber:var(--color-amber-400)]",
  sky: "[--chart-sky:var(--color-sky-600)] dark:[--chart-sky:var(--color-sky-400)]",
  indigo: "[--chart-indigo:var(--color-indigo-500)] dark:[--chart-indigo:var(--color-indigo-400)]",
  violet: "[--chart-violet:var(--color-violet-600)] dark:[--chart-violet:var(--color-violet-400)]",
  fuchsia: "[--chart-fuchsia:var(--color-fuchsia-600)] dark:[--chart-fuchsia:var(--color-fuchsia-400)]",
  zinc: "[--chart-zinc:var(--color-zinc-500)] dark:[--chart-zinc:var(--color-zinc-400)]",
} as const;
type ChartColor = keyof typeof PALETTE;

const paletteClass = Object.values(PALETTE).join(" ");

// Recharts draws with fixed greys; these follow the console's own in both themes instead.
const chartStyle = [
  "[&_.recharts-cartesian-grid_line]:stroke-zinc-200 dark:[&_.recharts-cartesian-grid_line]:stroke-zinc-800",
  "[&_.recharts-cartesian-axis-line]:stroke-zinc-300 dark:[&_.recharts-cartesian-axis-line]:stroke-zinc-700",
  "[&_.recharts-cartesian-axis-tick_text]:fill-zinc-600 dark:[&_.recharts-cartesian-axis-tick_text]:fill-zinc-400",
  "[&_.recharts-rectangle.recharts-tooltip-cursor]:fill-zinc-100 dark:[&_.recharts-rectangle.recharts-tooltip-cursor]:fill-zinc-800",
  "[&_.recharts-curve.recharts-tooltip-cursor]:stroke-zinc-400 dark:[&_.recharts-curve.recharts-tooltip-cursor]:stroke-zinc-600",
  // Keyboard users move through the buckets with the arrow keys once the chart has focus.
  "[&_.recharts-surface:focus-visible]:outline-2 [&_.recharts-surface:focus-visible]:outline-offset-2 [&_.recharts-surface:focus-visible]:outline-teal-600",
].join(" ");

/** The colour of a series inside a ChartContainer or ChartPalette: `var(--color-<key>)`. */
export const seriesColor = (key: string) => `var(--color-${key})`;

function seriesVariables(config: ChartConfig): CSSProperties {
  return Object.fromEntries(Object.entries(config).map(([key, { color }]) => [`--color-${key}`, `var(--chart-${color})`])) as CSSProperties;
}

/** Sets the palette and the series' colour variables for whatever it wraps (a chart, its legend). */
export function ChartPalette({ config, className = "", children }: { config: ChartConfig; className?: string; children: ReactNode }) {
  return (
    <div className={`${paletteClass} ${className}`} style={seriesVariables(config)}>
      {children}
    </div>
  );
}

/**
 * A chart with its legend and text alternative. The chart is drawn in the browser, which
 * measures it, inside a box of fixed height so the page does not move when it appears; the
 * table beside it, for screen readers, is rendered on the server like the rest of the page.
 */
export function ChartContainer({
  config,
  keys,
  table,
  children,
}: {
  config: ChartConfig;
  /** The series shown, in the legend's order. */
  keys: string[];
  table: ReactNode;
  children: ReactNode;
}) {
  return (
    <ChartPalette config={config}>
      <div className={`h-52 w-full text-xs ${chartStyle}`}>{children}</div>
      <ChartLegend config={config} keys={keys} />
      {table}
    </ChartPalette>
  );
}

/** The series' names beside their colours; HTML, so it wraps on narrow screens. */
function ChartLegend({ config, keys }: { config: ChartConfig; keys: string[] }) {
  return (
    <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
      {keys.map((key) => (
        <li key={key} className="flex items-center gap-1.5">
          <span aria-hidden className="inline-block size-2.5 rounded-sm" style={{ backgroundColor: seriesColor(key) }} />
          {config[key]?.label ?? key}
        </li>
      ))}
    </ul>
  );
}

/**
 * The hover (and keyboard) values of one bucket: its time, then each series with its colour.
 * `total` adds a line summing the series, for stacked bars.
 */
export function ChartTooltipContent({
  active,
  payload,
  label,
  config,
  timeLabel,
  valueFormatter = (value) => value.toLocaleString("en"),
  total,
}: Partial<TooltipContentProps> & {
  config: ChartConfig;
  timeLabel: (time: string) => string;
  valueFormatter?: (value: number) => string;
  total?: string;
}) {
  if (!active || !payload?.length) return null;
  const rows = payload.filter((item) => item.value !== undefined && item.value !== null);
  const sum = rows.reduce((all, item) => all + Number(item.value), 0);
  return (
    <div
      role="status"
      className="min-w-40 rounded-md border border-zinc-200 bg-white px-3 py-2 text-xs text-zinc-900 shadow-md dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <p className="mb-1 font-medium">{timeLabel(String(label))}</p>
      <ul className="space-y-0.5">
        {rows.toReversed().map((item) => {
          const key = String(item.dataKey);
          return (
            <li key={key} className="flex items-center gap-2">
              <span aria-hidden className="inline-block size-2.5 shrink-0 rounded-sm" style={{ backgroundColor: seriesColor(key) }} />
              <span className="text-zinc-600 dark:text-zinc-400">{config[key]?.label ?? key}</span>
              <span className="ml-auto pl-3 font-mono tabular-nums">{valueFormatter(Number(item.value))}</span>
            </li>
          );
        })}
      </ul>
      {total ? (
        <p className="mt-1 flex border-t border-zinc-200 pt-1 dark:border-zinc-700">
          <span className="text-zinc-600 dark:text-zinc-400">{total}</span>
          <span className="ml-auto pl-3 font-mono tabular-nums">{valueFormatter(sum)}</span>
        </p>
      ) : null}
    </div>
  );
}

/** The chart's numbers as a table for screen readers: a row per bucket, a column per series. */
export function ChartTable({ caption, columns, rows }: { caption: string; columns: string[]; rows: { key: string; cells: (string | number)[] }[] }) {
  return (
    // The wrapper hides it: a table is never narrower than its content, whatever width sr-only gives
    // it, and would widen a phone's page.
    <div className="sr-only">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              {row.cells.map((cell, index) =>
                index === 0 ? (
                  <th key={columns[index]} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={columns[index]}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
