"use client";

import { useState } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { verificationSnippets } from "@/lib/webhooks/verification-snippets";
import { PageTitle, ScrollingPre, Section } from "./portal-ui";

const snippets = verificationSnippets();

/** Snippets per language, one shown at a time behind keyboard-reachable tabs. */
export function VerifyingSignatures() {
  const [language, setLanguage] = useState(snippets[0]!.language);
  const snippet = snippets.find((s) => s.language === language)!;
  return (
    <>
      <PageTitle
        title="Verifying signatures"
        description="Every webhook carries webhook-id, webhook-timestamp and webhook-signature headers (the Standard Webhooks scheme). Check them with your endpoint's signing secret before you trust a request, and refuse requests older than five minutes."
      />
      <Section title="With a Standard Webhooks library" description="Verify the raw body exactly as received: parsing and re-serialising the JSON changes it.">
        <div role="tablist" aria-label="Language" className="flex flex-wrap gap-1">
          {snippets.map((s) => (
            <button
              key={s.language}
              type="button"
              role="tab"
              aria-selected={s.language === language}
              aria-controls="snippet-panel"
              onClick={() => setLanguage(s.language)}
              className={`rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-[var(--portal-accent)] ${
                s.language === language
                  ? "bg-[var(--portal-accent)] text-[var(--portal-on-accent)]"
                  : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
              }`}
            >
              {s.language}
            </button>
          ))}
        </div>
        <div id="snippet-panel" role="tabpanel" aria-label={snippet.language} className="mt-4 space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <code className="break-all rounded bg-zinc-100 px-2 py-1 text-xs dark:bg-zinc-800">{snippet.install}</code>
            <CopyButton value={snippet.code} label="Copy code" />
          </div>
          <ScrollingPre className="max-h-[32rem]">{snippet.code}</ScrollingPre>
        </div>
      </Section>
    </>
  );
}
