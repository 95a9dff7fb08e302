import { CopyButton } from "@/components/ui/copy-button";

/** Pretty-printed JSON with a copy button. */
export function JsonBlock({ value }: { value: unknown }) {
  const text = JSON.stringify(value, null, 2);
  return (
    <>
      <div className="flex justify-end">
        <CopyButton value={text} label="Copy JSON" />
      </div>
      <pre className="mt-2 max-h-96 overflow-auto rounded bg-zinc-100 p-3 text-xs dark:bg-zinc-900">{text}</pre>
    </>
  );
}
