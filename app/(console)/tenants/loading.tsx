/** Shown while the tenants and their figures load: the shape of the list, so the page does not jump. */
export default function Loading() {
  return (
    <div role="status" aria-label="Loading" className="animate-pulse space-y-4">
      <div className="h-8 w-40 rounded bg-zinc-200 dark:bg-zinc-800" />
      <div className="h-4 w-96 max-w-full rounded bg-zinc-200 dark:bg-zinc-800" />
      <div className="h-10 w-80 max-w-full rounded bg-zinc-200 dark:bg-zinc-800" />
      <div className="space-y-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
        {Array.from({ length: 8 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholders, never reordered
          <div key={i} className="h-9 rounded bg-zinc-200 dark:bg-zinc-800" />
        ))}
      </div>
      <span className="sr-only">Loading…</span>
    </div>
  );
}
