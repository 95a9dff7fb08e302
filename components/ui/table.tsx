/**
 * A table that scrolls sideways inside its own box when it is wider than the screen, never the page.
 * The box is a labelled region with a tab stop, so keyboard users can scroll it too. It is the
 * containing block of what cells position absolutely (screen-reader-only text), which would
 * otherwise escape its clipping and widen the page.
 */
export function Table({ caption, children }: { caption: string; children: React.ReactNode }) {
  return (
    <section
      aria-label={caption}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region needs a tab stop to be scrolled without a mouse
      tabIndex={0}
      className="relative overflow-x-auto rounded-lg border border-zinc-200 focus-visible:outline-2 focus-visible:outline-teal-600 dark:border-zinc-800"
    >
      <table className="min-w-full divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </section>
  );
}

export function Th({ children }: { children?: React.ReactNode }) {
  return (
    <th scope="col" className="bg-zinc-50 px-3 py-2 text-left font-medium text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
      {children}
    </th>
  );
}

export function Td({ children, className = "" }: { children?: React.ReactNode; className?: string }) {
  return <td className={`px-3 py-2 align-middle text-zinc-800 dark:text-zinc-200 ${className}`}>{children}</td>;
}
