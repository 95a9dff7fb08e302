import { CodeBlock } from "@/components/ui/code-block";
import { Tabs } from "@/components/ui/tabs";
import { verificationSnippets } from "@/lib/webhooks/verification-snippets";

/** How to verify Tern's signatures with the Standard Webhooks library of each language, one language a tab. */
export function VerificationSnippets() {
  // On a narrow screen the row of languages scrolls in its own box rather than widening the page.
  return (
    <div className="overflow-x-auto">
      <Tabs
        label="Language"
        tabs={verificationSnippets().map((snippet) => ({
          id: snippet.language.toLowerCase().replace(/[^a-z]+/g, "-"),
          label: snippet.language,
          content: (
            <div className="space-y-2">
              <p className="text-sm">
                Install: <code className="break-all rounded bg-zinc-100 px-2 py-1 text-xs dark:bg-zinc-800">{snippet.install}</code>
              </p>
              <CodeBlock code={snippet.code} label={`${snippet.language} example`} copyLabel={`Copy the ${snippet.language} code`} />
            </div>
          ),
        }))}
      />
    </div>
  );
}
