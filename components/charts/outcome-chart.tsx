"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { type ChartConfig, ChartContainer, ChartTable, ChartTooltipContent, seriesColor } from "./chart";
import { type Bucket, bucketLabel, bucketTick, keysWithData } from "./series";

const OUTCOMES = ["succeeded", "retrying", "failed", "skipped", "pending"] as const;
type Outcome = (typeof OUTCOMES)[number];

const config: ChartConfig<Outcome> = {
  succeeded: { label: "Succeeded", color: "teal" },
  retrying: { label: "Retrying", color: "amber" },
  failed: { label: "Failed", color: "red" },
  skipped: { label: "Skipped", color: "indigo" },
  pending: { label: "Pending", color: "zinc" },
};

type Point = { time: string } & Record<Outcome, number>;

/** Deliveries created in each time bucket, stacked by their outcome now. */
export function OutcomeChart({ series, bucket }: { series: Point[]; bucket: Bucket }) {
  const keys = keysWithData(series, OUTCOMES);
  if (keys.length === 0) return <p className="text-sm text-zinc-500">No deliveries in this range.</p>;
  const total = series.reduce((all, point) => all + keys.reduce((sum, key) => sum + point[key], 0), 0);
  const label = (time: string) => bucketLabel(time, bucket);
  return (
    <ChartContainer
      config={config}
      keys={keys}
      table={
        <ChartTable
          caption={`Deliveries by outcome per ${bucket}, ${total.toLocaleString("en")} in all`}
          columns={["Time", ...keys.map((key) => config[key].label)]}
          rows={series.map((point) => ({ key: point.time, cells: [label(point.time), ...keys.map((key) => point[key])] }))}
        />
      }
    >
      <BarChart
        data={series}
        responsive
        style={{ width: "100%", height: "100%" }}
        margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
        aria-label={`Deliveries by outcome: ${total.toLocaleString("en")} over ${series.length} ${bucket}s. Arrow keys move between ${bucket}s.`}
      >
        <CartesianGrid vertical={false} />
        <XAxis dataKey="time" tickFormatter={(time: string) => bucketTick(time, bucket)} minTickGap={24} tickLine={false} />
        <YAxis allowDecimals={false} width="auto" tickLine={false} axisLine={false} />
        <Tooltip content={(props) => <ChartTooltipContent {...props} config={config} timeLabel={label} total="Deliveries" />} />
        {keys.map((key) => (
          <Bar key={key} dataKey={key} name={config[key].label} stackId="outcome" fill={seriesColor(key)} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartContainer>
  );
}
