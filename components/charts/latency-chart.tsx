type Point = { time: string; p50: number | null; p95: number | null };

/** p50 and p95 attempt latency per bucket as two lines. */
export function LatencyChart({ series }: { series: Point[] }) {
  if (series.every((p) => p.p95 === null)) return <p className="text-sm text-zinc-500">No attempts in this range.</p>;
  const width = 640;
  const height = 140;
  const max = Math.max(1, ...series.map((p) => p.p95 ?? 0));
  const x = (index: number) => (series.length === 1 ? width / 2 : 4 + (index / (series.length - 1)) * (width - 8));
  const y = (value: number) => height - (value / max) * (height - 8);
  // Empty buckets break the line rather than pretending latency was zero.
  const line = (key: "p50" | "p95") =>
    series
      .map((p, i) => (p[key] === null ? "" : `${i === 0 || series[i - 1]![key] === null ? "M" : "L"}${x(i).toFixed(1)},${y(p[key]!).toFixed(1)}`))
      .join(" ");
  const dots = (key: "p50" | "p95", className: string) =>
    series.map((p, i) => (p[key] === null ? null : <circle key={`${key}-${p.time}`} cx={x(i)} cy={y(p[key]!)} r={2.5} className={className} />));
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} className="h-44 w-full" role="img" aria-label={`Latency up to ${max} ms at p95`}>
        <path d={line("p95")} className="fill-none stroke-amber-500" strokeWidth={2} vectorEffect="non-scaling-stroke" />
        <path d={line("p50")} className="fill-none stroke-teal-600" strokeWidth={2} vectorEffect="non-scaling-stroke" />
        {dots("p95", "fill-amber-500")}
        {dots("p50", "fill-teal-600")}
      </svg>
      <figcaption className="mt-2 flex gap-4 text-xs text-zinc-600 dark:text-zinc-400">
        <span>
          <span className="mr-1 inline-block h-0.5 w-3 bg-teal-600 align-middle" />
          p50
        </span>
        <span>
          <span className="mr-1 inline-block h-0.5 w-3 bg-amber-500 align-middle" />
          p95
        </span>
        <span>max {max} ms</span>
      </figcaption>
    </figure>
  );
}
