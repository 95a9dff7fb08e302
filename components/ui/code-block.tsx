import { CopyButton } from "@/components/ui/copy-button";

/** Text to copy as it is (a command, JSON), labelled: it scrolls inside its own box rather than widening the page. */
export function CodeBlock({ code, label, copyLabel = "Copy" }: { code: string; label: string; copyLabel?: string }) {
  return (
    <section aria-label={label} className="text-left">
      <div className="flex justify-end">
        <CopyButton value={code} label={copyLabel} />
      </div>
      <pre
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region needs a tab stop to be scrolled without a mouse
        tabIndex={0}
        className="mt-2 max-h-96 overflow-auto rounded bg-zinc-100 p-3 font-mono text-xs text-zinc-900 focus-visible:outline-2 focus-visible:outline-teal-600 dark:bg-zinc-950 dark:text-zinc-100"
      >
        {code}
      </pre>
    </section>
  );
}
