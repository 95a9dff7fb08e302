"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { countRecoverableAction, recoverEndpointAction } from "../actions";

const localInput = (date: Date) => new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** Re-send every delivery that did not succeed since a time: count first, confirm, then follow progress. */
export function RecoverPanel({ endpointId }: { endpointId: string }) {
  const [since, setSince] = useState(() => localInput(new Date(Date.now() - 86_400_000)));
  const [counted, count] = useActionState(countRecoverableAction, null);
  const [recovered, recover] = useActionState(recoverEndpointAction, null);
  const sinceIso = since ? new Date(since).toISOString() : "";
  if (recovered?.ok) {
    return (
      <Alert tone="success">
        {`Re-sending ${recovered.data.count} ${recovered.data.count === 1 ? "delivery" : "deliveries"}. `}
        <Link href={`/deliveries?endpointId=${endpointId}`} className="underline">
          Follow their progress in Deliveries
        </Link>
      </Alert>
    );
  }
  return (
    <div className="space-y-3">
      <form action={count} className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="endpointId" value={endpointId} />
        <input type="hidden" name="since" value={sinceIso} />
        <TextField
          label="Re-send failed and pending deliveries since"
          name="sinceLocal"
          type="datetime-local"
          value={since}
          onChange={(event) => setSince(event.target.value)}
          errors={counted && !counted.ok ? counted.fieldErrors?.since : undefined}
          hint="At most 14 days back."
        />
        <SubmitButton variant="secondary" pendingLabel="Counting…">
          Count deliveries
        </SubmitButton>
      </form>
      {counted && !counted.ok && !counted.fieldErrors ? <Alert tone="error">{counted.error}</Alert> : null}
      {counted?.ok ? (
        counted.data.count === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing to re-send since then.</p>
        ) : (
          <form action={recover} className="flex flex-wrap items-center gap-3">
            <input type="hidden" name="endpointId" value={endpointId} />
            <input type="hidden" name="since" value={counted.data.since} />
            <p className="text-sm">
              <strong data-testid="recover-count">{counted.data.count}</strong> {counted.data.count === 1 ? "delivery" : "deliveries"} will be sent again.
            </p>
            <SubmitButton pendingLabel="Requesting…">Re-send them</SubmitButton>
            {recovered && !recovered.ok ? (
              <span role="alert" className="text-sm text-red-700">
                {recovered.error}
              </span>
            ) : null}
          </form>
        )
      ) : null}
    </div>
  );
}
