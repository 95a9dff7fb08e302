"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { CopyButton } from "@/components/ui/copy-button";
import { SelectField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { addMemberAction } from "../actions";

export function AddMemberForm({ canGrantOwner }: { canGrantOwner: boolean }) {
  const [state, formAction] = useActionState(addMemberAction, null);
  const failed = state && !state.ok ? state : undefined;
  return (
    <div className="space-y-4">
      {state?.ok ? (
        <Alert tone="success">
          <p>
            {state.data.email} was added as {state.data.role}.
          </p>
          {state.data.temporaryPassword ? (
            <div className="mt-2 space-y-2">
              <p>They had no account, so one was created. Share this temporary password with them; it is shown only once.</p>
              <div className="flex items-center gap-2">
                <code
                  data-testid="temporary-password"
                  className="rounded bg-white px-2 py-1 font-mono text-xs text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100"
                >
                  {state.data.temporaryPassword}
                </code>
                <CopyButton value={state.data.temporaryPassword} label="Copy password" />
              </div>
            </div>
          ) : null}
        </Alert>
      ) : null}
      {failed ? <Alert tone="error">{failed.error}</Alert> : null}
      <form action={formAction} className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-end" noValidate>
        <TextField label="Email" name="email" type="email" required defaultValue={failed?.values?.email} errors={failed?.fieldErrors?.email} />
        <SelectField label="Role" name="role" defaultValue={failed?.values?.role ?? "viewer"} errors={failed?.fieldErrors?.role}>
          <option value="viewer">Viewer</option>
          <option value="admin">Admin</option>
          {canGrantOwner ? <option value="owner">Owner</option> : null}
        </SelectField>
        <SubmitButton pendingLabel="Adding…">Add member</SubmitButton>
      </form>
    </div>
  );
}
