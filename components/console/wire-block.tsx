import { CopyButton } from "@/components/ui/copy-button";

/**
 * Text as it went over the wire (headers, a webhook body): monospaced, wrapped rather than
 * scrolled sideways, so it fits a phone's width; with a copy button when `copyLabel` is given.
 */
export function WireBlock({ text, title, copyLabel }: { text: string; title: string; copyLabel?: string }) {
  return (
    <div>
      <div className="mb-1 flex min-h-8 items-center justify-between gap-2">
        <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">{title}</h3>
        {copyLabel ? <CopyButton value={text} label={copyLabel} /> : null}
      </div>
      <pre className="whitespace-pre-wrap break-all rounded bg-zinc-100 p-3 font-mono text-xs text-zinc-800 dark:bg-zinc-950 dark:text-zinc-200">{text}</pre>
    </div>
  );
}
