"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { apiKeyScopes } from "@/lib/api-keys/scopes";
import { publishEventCurl } from "@/lib/onboarding/examples";
import { createApiKeyAction } from "../actions";

/** `origin`: where Tern is reached, for the command that publishes a first event with the new key. */
export function CreateApiKeyForm({ origin }: { origin: string }) {
  const [state, formAction] = useActionState(createApiKeyAction, null);
  return (
    <div className="space-y-4">
      {state?.ok ? (
        <Alert tone="success">
          <p className="font-medium">Key “{state.data.name}” created. Copy it now: it will not be shown again.</p>
          <div className="mt-2 flex items-center gap-2">
            <code
              data-testid="new-api-key"
              className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 font-mono text-xs text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100"
            >
              {state.data.key}
            </code>
            <CopyButton value={state.data.key} label="Copy key" />
          </div>
          <p className="mt-3">Publish an event with it:</p>
          <div className="mt-1">
            <CodeBlock code={publishEventCurl({ origin, apiKey: state.data.key })} label="Publish an event with the new key" copyLabel="Copy command" />
          </div>
        </Alert>
      ) : null}
      {state && !state.ok ? <Alert tone="error">{state.error}</Alert> : null}
      <form action={formAction} className="space-y-4" noValidate>
        <TextField
          label="Name"
          name="name"
          placeholder="billing-service"
          required
          defaultValue={state && !state.ok ? state.values?.name : undefined}
          errors={state && !state.ok ? state.fieldErrors?.name : undefined}
        />
        <fieldset>
          <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Scopes</legend>
          <div className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4">
            {apiKeyScopes.map((scope) => (
              <label key={scope} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="scopes" value={scope} className="size-4 accent-teal-700" />
                <span className="font-mono text-xs">{scope}</span>
              </label>
            ))}
          </div>
          {state && !state.ok && state.fieldErrors?.scopes ? (
            <p className="mt-1 text-xs text-red-700 dark:text-red-400">{state.fieldErrors.scopes.join(" ")}</p>
          ) : null}
        </fieldset>
        <SubmitButton pendingLabel="Creating…">Create key</SubmitButton>
      </form>
    </div>
  );
}
