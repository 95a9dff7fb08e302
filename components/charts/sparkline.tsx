"use client";

import { Bar, BarChart, YAxis } from "recharts";
import type { HealthState } from "@/lib/endpoints/endpoint-health";
import { type ChartConfig, ChartPalette, seriesColor } from "./chart";

// Coloured like the health badge beside it, so a failing endpoint's volume reads as trouble at a glance.
const config: ChartConfig<HealthState> = {
  healthy: { label: "Healthy", color: "teal" },
  degraded: { label: "Degraded", color: "amber" },
  failing: { label: "Failing", color: "red" },
  idle: { label: "Idle", color: "zinc" },
};

const WIDTH = 100;
const HEIGHT = 24;

/**
 * Attempts per hour as small bars, oldest first, in the colour of the endpoint's health. It
 * only illustrates `label`, which says the numbers in words; a sized box holds its place until
 * the browser draws it.
 */
export function Sparkline({ values, state, label }: { values: number[]; state: HealthState; label: string }) {
  const data = values.map((attempts, hour) => ({ hour, attempts }));
  return (
    <ChartPalette config={config} className="shrink-0">
      <div
        role="img"
        aria-label={label}
        title={label}
        style={{ width: WIDTH, height: HEIGHT + 1 }}
        className="border-b border-zinc-300 dark:border-zinc-700"
        data-testid="sparkline"
        data-health={state}
      >
        <BarChart data={data} width={WIDTH} height={HEIGHT} margin={{ top: 0, right: 0, bottom: 0, left: 0 }} barCategoryGap={1} accessibilityLayer={false}>
          {/* A floor of one attempt keeps a quiet hour from looking as busy as the busiest. */}
          <YAxis hide domain={[0, (busiest: number) => Math.max(1, busiest)]} />
          {/* Any attempt at all shows, however busy the busiest hour; the baseline stands for none. */}
          <Bar dataKey="attempts" fill={seriesColor(state)} minPointSize={(value) => (value ? 2 : 0)} isAnimationActive={false} />
        </BarChart>
      </div>
    </ChartPalette>
  );
}
