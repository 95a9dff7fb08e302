"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { ConfirmButton } from "@/components/ui/confirm-dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import { useResultToast } from "@/components/ui/toaster";
import { deleteEndpointAction, setEndpointEnabledAction } from "../actions";
import { CONSEQUENCES } from "./endpoint-consequences";

/** Enable at once; disable only once confirmed, as a disabled endpoint receives nothing. `label` names the endpoint (its name or URL). */
export function EnableToggle({ endpointId, enabled, label }: { endpointId: string; enabled: boolean; label: string }) {
  const [state, formAction] = useActionState(setEndpointEnabledAction, null);
  useResultToast(state, () => (enabled ? "Endpoint enabled." : "Endpoint disabled. It receives nothing until you enable it again."));
  return (
    <form action={formAction} className="inline-flex items-center gap-2">
      <input type="hidden" name="endpointId" value={endpointId} />
      <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
      {enabled ? (
        <ConfirmButton title={`Disable ${label}?`} confirmLabel="Disable endpoint" consequence={<p>{CONSEQUENCES.disable.one}</p>}>
          Disable
        </ConfirmButton>
      ) : (
        <SubmitButton variant="secondary" pendingLabel="Enabling…">
          Enable
        </SubmitButton>
      )}
      {state && !state.ok ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}

export function DeleteEndpoint({ endpointId, label }: { endpointId: string; label: string }) {
  const [state, formAction] = useActionState(deleteEndpointAction, null);
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="endpointId" value={endpointId} />
      <ConfirmButton variant="danger" title={`Delete ${label}?`} confirmLabel="Delete endpoint" consequence={<p>{CONSEQUENCES.delete.one}</p>}>
        Delete endpoint
      </ConfirmButton>
      {state && !state.ok ? <Alert tone="error">{state.error}</Alert> : null}
    </form>
  );
}
