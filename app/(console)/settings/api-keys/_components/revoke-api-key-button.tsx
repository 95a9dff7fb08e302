"use client";

import { useActionState } from "react";
import { ConfirmButton } from "@/components/ui/confirm-dialog";
import { revokeApiKeyAction } from "../actions";

export function RevokeApiKeyButton({ keyId, name }: { keyId: string; name: string }) {
  const [state, formAction] = useActionState(revokeApiKeyAction, null);
  return (
    <form action={formAction} className="inline-flex flex-col items-end gap-1">
      <input type="hidden" name="keyId" value={keyId} />
      <ConfirmButton
        aria-label={`Revoke ${name}`}
        pendingLabel="Revoking…"
        title={`Revoke the key “${name}”?`}
        confirmLabel="Revoke key"
        consequence={
          <>
            <p>Every request that sends it is refused with 401 from now on, so whatever uses it stops publishing and reading.</p>
            <p>A revoked key cannot be restored: create a new one and give it to that system instead.</p>
          </>
        }
      >
        Revoke
      </ConfirmButton>
      {state && !state.ok ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
