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
      {/* Wrapped rather than scrolled, so a long body neither widens the page nor hides in a box a keyboard cannot scroll. */}
      <pre className="whitespace-pre-wrap break-all rounded bg-zinc-100 p-2 text-xs text-zinc-800 dark:bg-zinc-950 dark:text-zinc-200">
        {body || "(empty body)"}
      </pre>
    </div>
  );
}
