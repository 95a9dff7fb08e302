/** A tiny bar chart of recent volume; decorative, so the numbers must also be shown as text. */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const max = Math.max(1, ...values);
  const width = values.length * 4;
  return (
    <svg width={width} height={20} viewBox={`0 0 ${width} 20`} role="img" aria-label={label} className="text-teal-600 dark:text-teal-400">
      {values.map((value, index) => {
        const height = value === 0 ? 1 : Math.max(2, (value / max) * 20);
        return (
          <rect
            // biome-ignore lint/suspicious/noArrayIndexKey: a bar per hour, keyed by its hour
            key={index}
            x={index * 4}
            y={20 - height}
            width={3}
            height={height}
            className={value === 0 ? "fill-zinc-300 dark:fill-zinc-700" : "fill-current"}
          />
        );
      })}
    </svg>
  );
}
