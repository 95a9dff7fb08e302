"use client";

import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { useResultToast } from "@/components/ui/toaster";
import { deleteEndpointAction, setEndpointEnabledAction } from "../actions";

export function EnableToggle({ endpointId, enabled }: { endpointId: string; enabled: boolean }) {
  const [state, formAction] = useActionState(setEndpointEnabledAction, null);
  useResultToast(state, () => (enabled ? "Endpoint enabled." : "Endpoint disabled. Deliveries wait until you enable it again."));
  return (
    <form action={formAction} className="inline-flex items-center gap-2">
      <input type="hidden" name="endpointId" value={endpointId} />
      <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
      <SubmitButton variant="secondary" pendingLabel={enabled ? "Disabling…" : "Enabling…"}>
        {enabled ? "Disable" : "Enable"}
      </SubmitButton>
      {state && !state.ok ? (
        <span role="alert" className="text-xs text-red-700">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}

export function DeleteEndpoint({ endpointId, url }: { endpointId: string; url: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, formAction] = useActionState(deleteEndpointAction, null);
  if (!confirming) {
    return (
      <Button variant="danger" onClick={() => setConfirming(true)}>
        Delete endpoint
      </Button>
    );
  }
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="endpointId" value={endpointId} />
      <p className="text-sm">
        Delete <strong>{url}</strong>? Its delivery history goes with it, and pending deliveries stop.
      </p>
      <div className="flex gap-2">
        <SubmitButton variant="danger" pendingLabel="Deleting…">
          Yes, delete it
        </SubmitButton>
        <Button variant="ghost" onClick={() => setConfirming(false)} autoFocus>
          Cancel
        </Button>
      </div>
      {state && !state.ok ? <Alert tone="error">{state.error}</Alert> : null}
    </form>
  );
}
