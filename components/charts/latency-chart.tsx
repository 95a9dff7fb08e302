"use client";

import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { type ChartConfig, ChartContainer, ChartTable, ChartTooltipContent, seriesColor } from "./chart";
import { type Bucket, bucketLabel, bucketTick, keysWithData } from "./series";

const PERCENTILES = ["p50", "p95", "p99"] as const;
type Percentile = (typeof PERCENTILES)[number];

const config: ChartConfig<Percentile> = {
  p50: { label: "p50", color: "teal" },
  p95: { label: "p95", color: "amber" },
  p99: { label: "p99", color: "violet" },
};

type Point = { time: string } & Record<Percentile, number | null>;

const ms = (value: number) => `${value.toLocaleString("en")} ms`;

/** Attempt latency percentiles per time bucket as lines; a bucket without attempts breaks them rather than reading as zero. */
export function LatencyChart({ series, bucket }: { series: Point[]; bucket: Bucket }) {
  const keys = keysWithData(series, PERCENTILES);
  if (keys.length === 0) return <p className="text-sm text-zinc-500">No attempts in this range.</p>;
  const slowest = Math.max(...series.map((point) => point.p99 ?? 0));
  const label = (time: string) => bucketLabel(time, bucket);
  return (
    <ChartContainer
      config={config}
      keys={keys}
      table={
        <ChartTable
          caption={`Attempt latency per ${bucket} in milliseconds`}
          columns={["Time", ...keys.map((key) => config[key].label)]}
          rows={series.map((point) => ({ key: point.time, cells: [label(point.time), ...keys.map((key) => point[key] ?? "—")] }))}
        />
      }
    >
      <LineChart
        data={series}
        responsive
        style={{ width: "100%", height: "100%" }}
        margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
        aria-label={`Attempt latency percentiles per ${bucket}, up to ${ms(slowest)}. Arrow keys move between ${bucket}s.`}
      >
        <CartesianGrid vertical={false} />
        <XAxis dataKey="time" tickFormatter={(time: string) => bucketTick(time, bucket)} minTickGap={24} tickLine={false} />
        <YAxis width="auto" tickLine={false} axisLine={false} tickFormatter={(value: number) => `${value} ms`} />
        <Tooltip content={(props) => <ChartTooltipContent {...props} config={config} timeLabel={label} valueFormatter={ms} />} />
        {keys.map((key) => (
          <Line
            key={key}
            dataKey={key}
            name={config[key].label}
            type="monotone"
            stroke={seriesColor(key)}
            strokeWidth={2}
            // Dots, so that a bucket between two empty ones, which no line reaches, still shows.
            dot={{ r: 2, strokeWidth: 0, fill: seriesColor(key) }}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ChartContainer>
  );
}
