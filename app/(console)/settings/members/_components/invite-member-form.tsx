"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { CopyButton } from "@/components/ui/copy-button";
import { SelectField, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { inviteMemberAction } from "../actions";

export function InviteMemberForm({ canGrantOwner }: { canGrantOwner: boolean }) {
  const [state, formAction] = useActionState(inviteMemberAction, null);
  const failed = state && !state.ok ? state : undefined;
  // The link is absolute for the address the admin uses; a form posted before hydration renders on the server, without one.
  const inviteLink = state?.ok
    ? typeof window === "undefined"
      ? state.data.invitePath
      : new URL(state.data.invitePath, window.location.origin).href
    : undefined;
  return (
    <div className="space-y-4">
      {state?.ok && inviteLink ? (
        <Alert tone="success">
          <p>
            Invitation created for {state.data.email} as {state.data.role}: share this link with them.
          </p>
          <div className="mt-2 space-y-2">
            <p>
              Tern does not send email yet, so pass the link on yourself. It works once, until{" "}
              <time dateTime={state.data.expiresAt}>{new Date(state.data.expiresAt).toUTCString()}</time>, and is shown only now.
            </p>
            <div className="flex flex-wrap items-center gap-2">
              <code
                data-testid="invitation-link"
                className="break-all rounded bg-white px-2 py-1 font-mono text-xs text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100"
              >
                {inviteLink}
              </code>
              <CopyButton value={inviteLink} label="Copy link" />
            </div>
          </div>
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
        <SubmitButton pendingLabel="Inviting…">Invite</SubmitButton>
      </form>
    </div>
  );
}
