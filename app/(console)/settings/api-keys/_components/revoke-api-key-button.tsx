"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { revokeApiKeyAction } from "../actions";

export function RevokeApiKeyButton({ keyId, name }: { keyId: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, formAction] = useActionState(revokeApiKeyAction, null);
  if (!confirming) {
    return (
      <Button variant="secondary" onClick={() => setConfirming(true)} aria-label={`Revoke ${name}`}>
        Revoke
      </Button>
    );
  }
  return (
    <form action={formAction} className="inline-flex items-center gap-2">
      <input type="hidden" name="keyId" value={keyId} />
      <span className="text-xs text-zinc-600 dark:text-zinc-400">Requests with this key will fail.</span>
      <SubmitButton variant="danger" pendingLabel="Revoking…">
        Confirm revoke
      </SubmitButton>
      <Button variant="ghost" onClick={() => setConfirming(false)} autoFocus>
        Cancel
      </Button>
      {state && !state.ok ? (
        <span role="alert" className="text-xs text-red-700">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
