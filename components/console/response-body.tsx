/** A recorded response body; one that was not UTF-8 text says so, as its unreadable bytes show as �. */
export function ResponseBody({ body, binary, headers }: { body: string | null; binary: boolean; headers: Record<string, string> | null }) {
  const declared = [
    ["Content-Type", headers?.["content-type"]],
    ["Content-Encoding", headers?.["content-encoding"]],
  ].flatMap(([name, value]) => (value ? [`${name}: ${value}`] : []));
  return (
    <div className="mt-1 space-y-1">
      {binary ? (
        <p data-testid="binary-body" className="text-xs text-amber-800 dark:text-amber-300">
          Not UTF-8 text{declared.length ? ` (${declared.join(", ")})` : ""}: the bytes that are not text are shown as �.
        </p>
      ) : null}
      <pre className="max-h-64 overflow-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-900">{body || "(empty body)"}</pre>
    </div>
  );
}
