"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { STATUS_CLASSES, type StatusClassCounts } from "@/lib/stats/status-classes";
import { ChartContainer, ChartTable, ChartTooltipContent, seriesColor } from "./chart";
import { statusClassConfig } from "./response-classes";
import { type Bucket, bucketLabel, bucketTick, keysWithData } from "./series";

type Point = { time: string; attempts: number } & StatusClassCounts;

/** Attempts made in each time bucket, stacked by how the endpoint answered. */
export function AttemptChart({ series, bucket }: { series: Point[]; bucket: Bucket }) {
  const keys = keysWithData(series, STATUS_CLASSES);
  if (keys.length === 0) return <p className="text-sm text-zinc-500">No attempts in this range.</p>;
  const total = series.reduce((all, point) => all + point.attempts, 0);
  const succeeded = series.reduce((all, point) => all + point["2xx"], 0);
  const label = (time: string) => bucketLabel(time, bucket);
  return (
    <ChartContainer
      config={statusClassConfig}
      keys={keys}
      table={
        <ChartTable
          caption={`Attempts by response per ${bucket}, ${total.toLocaleString("en")} in all`}
          columns={["Time", ...keys.map((key) => statusClassConfig[key].label)]}
          rows={series.map((point) => ({ key: point.time, cells: [label(point.time), ...keys.map((key) => point[key])] }))}
        />
      }
    >
      <BarChart
        data={series}
        responsive
        style={{ width: "100%", height: "100%" }}
        margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
        aria-label={`Attempts by response: ${total.toLocaleString("en")} over ${series.length} ${bucket}s, ${succeeded.toLocaleString("en")} answered 2xx. Arrow keys move between ${bucket}s.`}
      >
        <CartesianGrid vertical={false} />
        <XAxis dataKey="time" tickFormatter={(time: string) => bucketTick(time, bucket)} minTickGap={24} tickLine={false} />
        <YAxis allowDecimals={false} width="auto" tickLine={false} axisLine={false} />
        <Tooltip content={(props) => <ChartTooltipContent {...props} config={statusClassConfig} timeLabel={label} total="Attempts" />} />
        {keys.map((key) => (
          <Bar key={key} dataKey={key} name={statusClassConfig[key].label} stackId="response" fill={seriesColor(key)} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartContainer>
  );
}
