import { CodeBlock } from "@/components/ui/code-block";

type Example = { code: string; label: string; copyLabel?: string };

/** What an empty list says: why it is empty and how to fill it, with an `example` to copy (a curl) when there is one. */
export function EmptyState({ title, children, example }: { title: string; children: React.ReactNode; example?: Example }) {
  return (
    <div className="rounded-lg border border-dashed border-zinc-300 px-4 py-10 text-center sm:px-6 dark:border-zinc-700">
      <p className="font-medium text-zinc-900 dark:text-zinc-100">{title}</p>
      <div className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{children}</div>
      {example ? (
        <div className="mx-auto mt-4 max-w-2xl">
          <CodeBlock {...example} />
        </div>
      ) : null}
    </div>
  );
}
