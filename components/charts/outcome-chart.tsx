type Point = { time: string; succeeded: number; failed: number; pending: number };

const label = (iso: string, bucket: string) =>
  new Date(iso).toLocaleString(undefined, bucket === "day" ? { month: "short", day: "numeric" } : { hour: "2-digit", minute: "2-digit" });

/** Stacked bars of deliveries per time bucket by outcome, with a text summary for screen readers. */
export function OutcomeChart({ series, bucket }: { series: Point[]; bucket: string }) {
  if (series.every((p) => p.succeeded + p.failed + p.pending === 0)) return <p className="text-sm text-zinc-500">No deliveries in this range.</p>;
  const max = Math.max(1, ...series.map((p) => p.succeeded + p.failed + p.pending));
  const barWidth = Math.max(2, Math.min(32, Math.floor(640 / series.length) - 2));
  const width = series.length * (barWidth + 2);
  const height = 140;
  const total = series.reduce((sum, p) => sum + p.succeeded + p.failed + p.pending, 0);
  return (
    <figure>
      <svg
        viewBox={`0 0 ${width} ${height + 16}`}
        className="h-44 w-full"
        preserveAspectRatio="none"
        role="img"
        aria-label={`${total} deliveries over ${series.length} ${bucket}s`}
      >
        {series.map((point, index) => {
          const x = index * (barWidth + 2);
          let y = height;
          return (
            <g key={point.time}>
              <title>{`${label(point.time, bucket)}: ${point.succeeded} succeeded, ${point.failed} failed, ${point.pending} pending`}</title>
              {(["succeeded", "failed", "pending"] as const).map((key) => {
                const h = (point[key] / max) * height;
                y -= h;
                const fill = key === "succeeded" ? "fill-teal-600" : key === "failed" ? "fill-red-500" : "fill-amber-400";
                return h > 0 ? <rect key={key} x={x} y={y} width={barWidth} height={h} className={fill} /> : null;
              })}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-xs text-zinc-600 dark:text-zinc-400">
        <span>
          <span className="mr-1 inline-block size-2 rounded-sm bg-teal-600" />
          Succeeded
        </span>
        <span>
          <span className="mr-1 inline-block size-2 rounded-sm bg-red-500" />
          Failed
        </span>
        <span>
          <span className="mr-1 inline-block size-2 rounded-sm bg-amber-400" />
          Pending
        </span>
        <span>
          {label(series[0]!.time, bucket)} – {label(series.at(-1)!.time, bucket)}
        </span>
      </figcaption>
    </figure>
  );
}
