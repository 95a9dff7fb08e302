import { CodeBlock } from "@/components/ui/code-block";

/** Pretty-printed JSON with a copy button. */
export function JsonBlock({ value, label = "JSON" }: { value: unknown; label?: string }) {
  return <CodeBlock code={JSON.stringify(value, null, 2)} label={label} copyLabel="Copy JSON" />;
}
