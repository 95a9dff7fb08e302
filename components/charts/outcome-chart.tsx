// retrying is optional for callers typed against an older stats response.
type Point = { time: string; succeeded: number; failed: number; retrying?: number; pending: number };

const label = (iso: string, bucket: string) =>
  new Date(iso).toLocaleString(undefined, bucket === "day" ? { month: "short", day: "numeric" } : { hour: "2-digit", minute: "2-digit" });

const OUTCOMES = [
  { key: "succeeded", name: "Succeeded", fill: "fill-teal-600", swatch: "bg-teal-600" },
  { key: "failed", name: "Failed", fill: "fill-red-500", swatch: "bg-red-500" },
  { key: "retrying", name: "Retrying", fill: "fill-amber-400", swatch: "bg-amber-400" },
  { key: "pending", name: "Pending", fill: "fill-zinc-400", swatch: "bg-zinc-400" },
] as const;

const count = (p: Point, key: (typeof OUTCOMES)[number]["key"]) => p[key] ?? 0;
const sum = (p: Point) => OUTCOMES.reduce((all, o) => all + count(p, o.key), 0);

/** Stacked bars of deliveries per time bucket by outcome, with a text summary for screen readers. */
export function OutcomeChart({ series, bucket }: { series: Point[]; bucket: string }) {
  if (series.every((p) => sum(p) === 0)) return <p className="text-sm text-zinc-500">No deliveries in this range.</p>;
  const max = Math.max(1, ...series.map(sum));
  const barWidth = Math.max(2, Math.min(32, Math.floor(640 / series.length) - 2));
  const width = series.length * (barWidth + 2);
  const height = 140;
  const total = series.reduce((all, p) => all + sum(p), 0);
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
              <title>{`${label(point.time, bucket)}: ${OUTCOMES.map((o) => `${count(point, o.key)} ${o.key}`).join(", ")}`}</title>
              {OUTCOMES.map(({ key, fill }) => {
                const h = (count(point, key) / max) * height;
                y -= h;
                return h > 0 ? <rect key={key} x={x} y={y} width={barWidth} height={h} className={fill} /> : null;
              })}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-xs text-zinc-600 dark:text-zinc-400">
        {OUTCOMES.map(({ key, name, swatch }) => (
          <span key={key}>
            <span className={`mr-1 inline-block size-2 rounded-sm ${swatch}`} />
            {name}
          </span>
        ))}
        <span>
          {label(series[0]!.time, bucket)} – {label(series.at(-1)!.time, bucket)}
        </span>
      </figcaption>
    </figure>
  );
}
