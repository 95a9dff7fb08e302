"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useResultToast } from "@/components/ui/toaster";
import { updateWorkspaceAction } from "./actions";

type Props = { name: string; retentionDays: number; maxEndpointsPerTenant: number; readOnly: boolean };

export function WorkspaceSettingsForm({ name, retentionDays, maxEndpointsPerTenant, readOnly }: Props) {
  const [state, formAction] = useActionState(updateWorkspaceAction, null);
  const failed = state && !state.ok ? state : undefined;
  useResultToast(state, () => "Workspace settings saved.");
  return (
    <form action={formAction} className="max-w-md space-y-4" noValidate>
      {failed ? <Alert tone="error">{failed.error}</Alert> : null}
      <fieldset disabled={readOnly} className="space-y-4">
        <TextField label="Name" name="name" required defaultValue={failed?.values?.name ?? name} errors={failed?.fieldErrors?.name} />
        <TextField
          label="Retention (days)"
          name="retentionDays"
          type="number"
          min={1}
          max={365}
          required
          defaultValue={failed?.values?.retentionDays ?? retentionDays}
          errors={failed?.fieldErrors?.retentionDays}
          hint="Between 1 and 365 days. Default 30."
        />
        <TextField
          label="Endpoints per tenant"
          name="maxEndpointsPerTenant"
          type="number"
          min={1}
          max={10000}
          required
          defaultValue={failed?.values?.maxEndpointsPerTenant ?? maxEndpointsPerTenant}
          errors={failed?.fieldErrors?.maxEndpointsPerTenant}
          hint="The most endpoints one tenant can have, between 1 and 10,000. Default 20. Lowering it removes no endpoint."
        />
      </fieldset>
      {readOnly ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Only admins and owners can change these settings.</p>
      ) : (
        <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
      )}
    </form>
  );
}
