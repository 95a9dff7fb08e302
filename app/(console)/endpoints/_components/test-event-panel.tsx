"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import { ResponseBody } from "@/components/console/response-body";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { inputClass, SelectField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { sendTestEventAction } from "../actions";

type CatalogEntry = { name: string; example: Record<string, unknown> | null };
const DEFAULT_PAYLOAD = { message: "This is a test event from Tern." };

/** Sends one signed test event now and shows the receiver's answer inline. */
export function TestEventPanel({ endpointId, catalog }: { endpointId: string; catalog: CatalogEntry[] }) {
  const [state, formAction] = useActionState(sendTestEventAction, null);
  const [payload, setPayload] = useState(JSON.stringify(DEFAULT_PAYLOAD, null, 2));
  const result = state?.ok ? state.data : undefined;
  return (
    <div className="space-y-4">
      <form action={formAction} className="space-y-3">
        <input type="hidden" name="endpointId" value={endpointId} />
        <SelectField
          label="Event type"
          name="eventType"
          defaultValue=""
          onChange={(event) => {
            const example = catalog.find((entry) => entry.name === event.target.value)?.example;
            setPayload(JSON.stringify(example ?? DEFAULT_PAYLOAD, null, 2));
          }}
        >
          <option value="">tern.test</option>
          {catalog.map((entry) => (
            <option key={entry.name} value={entry.name}>
              {entry.name}
            </option>
          ))}
        </SelectField>
        <div className="space-y-1">
          <label htmlFor="test-payload" className="block text-sm font-medium">
            Payload (data)
          </label>
          <textarea
            id="test-payload"
            name="data"
            rows={6}
            className={`${inputClass} font-mono text-xs`}
            value={payload}
            onChange={(event) => setPayload(event.target.value)}
            aria-invalid={state && !state.ok && state.fieldErrors?.data ? true : undefined}
          />
          {state && !state.ok && state.fieldErrors?.data ? <p className="text-xs text-red-700 dark:text-red-400">{state.fieldErrors.data.join(" ")}</p> : null}
        </div>
        <SubmitButton pendingLabel="Sending…">Send test event</SubmitButton>
      </form>
      {state && !state.ok && !state.fieldErrors ? <Alert tone="error">{state.error}</Alert> : null}
      {result ? (
        <section aria-live="polite" data-testid="test-result" className="space-y-2 rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800">
          <div className="flex flex-wrap items-center gap-3">
            <Badge tone={result.succeeded ? "green" : "red"}>{result.succeeded ? "Succeeded" : "Failed"}</Badge>
            <span>
              Status <strong data-testid="test-status">{result.status ?? "none"}</strong>
            </span>
            <span>{result.durationMs} ms</span>
            <Link href={`/deliveries/${result.deliveryId}`} className="ml-auto text-teal-800 hover:underline dark:text-teal-300">
              Open in history →
            </Link>
          </div>
          {result.error ? <p className="text-red-700 dark:text-red-400">{result.error}</p> : null}
          <details>
            <summary className="cursor-pointer">Response headers</summary>
            <pre className="mt-1 overflow-x-auto text-xs">{JSON.stringify(result.responseHeaders, null, 2)}</pre>
          </details>
          <div>
            <p className="font-medium">Response body</p>
            <ResponseBody body={result.responseBody} binary={result.responseBodyBinary} headers={result.responseHeaders} />
          </div>
        </section>
      ) : null}
    </div>
  );
}
