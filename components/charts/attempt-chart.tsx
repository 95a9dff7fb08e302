type Point = { time: string; attempts: number; succeeded: number };

const label = (iso: string, bucket: string) =>
  new Date(iso).toLocaleString(undefined, bucket === "day" ? { month: "short", day: "numeric" } : { hour: "2-digit", minute: "2-digit" });

const rate = (succeeded: number, attempts: number) => `${Math.floor((1000 * succeeded) / attempts) / 10} %`;

/** Attempts per time bucket, successful ones below failed ones, with the success rate in each bar's title. */
export function AttemptChart({ series, bucket }: { series: Point[]; bucket: string }) {
  const attempts = series.reduce((all, p) => all + p.attempts, 0);
  if (attempts === 0) return <p className="text-sm text-zinc-500">No attempts in this range.</p>;
  const succeeded = series.reduce((all, p) => all + p.succeeded, 0);
  const max = Math.max(1, ...series.map((p) => p.attempts));
  const barWidth = Math.max(2, Math.min(32, Math.floor(640 / series.length) - 2));
  const width = series.length * (barWidth + 2);
  const height = 140;
  return (
    <figure>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="h-44 w-full"
        preserveAspectRatio="none"
        role="img"
        aria-label={`${attempts} attempts, ${rate(succeeded, attempts)} successful, over ${series.length} ${bucket}s`}
      >
        {series.map((point, index) => {
          const x = index * (barWidth + 2);
          const ok = (point.succeeded / max) * height;
          const failed = ((point.attempts - point.succeeded) / max) * height;
          return (
            <g key={point.time}>
              <title>
                {point.attempts
                  ? `${label(point.time, bucket)}: ${point.attempts} attempts, ${rate(point.succeeded, point.attempts)} successful`
                  : `${label(point.time, bucket)}: no attempts`}
              </title>
              {ok > 0 ? <rect x={x} y={height - ok} width={barWidth} height={ok} className="fill-teal-600" /> : null}
              {failed > 0 ? <rect x={x} y={height - ok - failed} width={barWidth} height={failed} className="fill-red-500" /> : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-xs text-zinc-600 dark:text-zinc-400">
        <span>
          <span className="mr-1 inline-block size-2 rounded-sm bg-teal-600" />
          Succeeded (2xx)
        </span>
        <span>
          <span className="mr-1 inline-block size-2 rounded-sm bg-red-500" />
          Failed
        </span>
        <span>
          {label(series[0]!.time, bucket)} – {label(series.at(-1)!.time, bucket)}
        </span>
      </figcaption>
    </figure>
  );
}
