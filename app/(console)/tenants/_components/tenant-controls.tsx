"use client";

import { useActionState, useState } from "react";
import { useFormStatus } from "react-dom";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { inputClass, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useResultToast } from "@/components/ui/toaster";
import { deleteTenantAction, setTenantDisabledAction } from "../actions";

/** Disable (with a reason, shown with every skipped delivery) or enable the tenant. */
export function TenantEnablement({ tenantId, disabled }: { tenantId: string; disabled: boolean }) {
  const [state, formAction] = useActionState(setTenantDisabledAction, null);
  useResultToast(state, (result) => (result.disabled ? "Tenant disabled. Its deliveries are skipped until you enable it." : "Tenant enabled."));
  const failed = state && !state.ok ? state : undefined;
  return (
    <form action={formAction} className="max-w-2xl space-y-3" noValidate>
      <input type="hidden" name="tenantId" value={tenantId} />
      <input type="hidden" name="disabled" value={disabled ? "false" : "true"} />
      {failed && !failed.fieldErrors ? <Alert tone="error">{failed.error}</Alert> : null}
      {disabled ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Enabling it lets its next events reach its endpoints again. Skipped deliveries stay skipped.</p>
      ) : (
        <TextField
          label="Reason"
          name="disabledReason"
          placeholder="Unpaid invoices"
          defaultValue={failed?.values?.disabledReason ?? ""}
          errors={failed?.fieldErrors?.disabledReason}
          hint="Shown with each delivery skipped while the tenant is disabled. Its events are still stored."
        />
      )}
      <SubmitButton variant={disabled ? "primary" : "secondary"} pendingLabel={disabled ? "Enabling…" : "Disabling…"}>
        {disabled ? "Enable tenant" : "Disable tenant"}
      </SubmitButton>
    </form>
  );
}

// Enabled once the key is typed; the server refuses a mismatch all the same.
function ConfirmDeleteButton({ keyTyped }: { keyTyped: boolean }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant="danger" disabled={!keyTyped || pending}>
      {pending ? "Deleting…" : "Delete this tenant and its data"}
    </Button>
  );
}

/** Deleting asks for the tenant's key, typed: the server checks it as well. */
export function DeleteTenant({ tenant }: { tenant: { id: string; key: string; name: string } }) {
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const [state, formAction] = useActionState(deleteTenantAction, null);
  const failed = state && !state.ok ? state : undefined;
  if (!confirming) {
    return (
      <Button variant="danger" onClick={() => setConfirming(true)}>
        Delete tenant
      </Button>
    );
  }
  const confirmErrors = failed?.fieldErrors?.confirmKey;
  return (
    <form action={formAction} className="max-w-2xl space-y-3" aria-label={`Delete ${tenant.name}`}>
      <input type="hidden" name="tenantId" value={tenant.id} />
      <p className="text-sm">
        Delete <strong>{tenant.name}</strong> (<span className="font-mono">{tenant.key}</span>)? It leaves every list and stops its deliveries at once; its
        endpoints, events, deliveries and attempts are then deleted in the background. This cannot be undone. Its key becomes free for a new tenant.
      </p>
      <div className="space-y-1">
        <label htmlFor="confirmKey" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Type <span className="font-mono">{tenant.key}</span> to confirm
        </label>
        <input
          id="confirmKey"
          name="confirmKey"
          autoComplete="off"
          spellCheck={false}
          className={`${inputClass} font-mono`}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          aria-invalid={confirmErrors?.length ? true : undefined}
          aria-describedby={confirmErrors?.length ? "confirmKey-error" : undefined}
        />
        {confirmErrors?.length ? (
          <p id="confirmKey-error" className="text-xs text-red-700 dark:text-red-400">
            {confirmErrors.join(" ")}
          </p>
        ) : null}
      </div>
      <div className="flex gap-2">
        <ConfirmDeleteButton keyTyped={typed.trim() === tenant.key} />
        <Button variant="ghost" onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
      {failed && !confirmErrors ? <Alert tone="error">{failed.error}</Alert> : null}
    </form>
  );
}
