"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { acceptInvitationAction, createAccountAndJoinAction, declineInvitationAction, signInToAnswerAction, switchAccountAction } from "./actions";

type TokenProps = { token: string };

export function CreateAccountForm({ token, email }: TokenProps & { email: string }) {
  const [state, formAction] = useActionState(createAccountAndJoinAction, null);
  const failed = state && !state.ok ? state : undefined;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {failed ? <Alert tone="error">{failed.error}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      <TextField label="Email" name="email" type="email" autoComplete="username" value={email} readOnly />
      <TextField label="Your name" name="name" autoComplete="name" defaultValue={failed?.values?.name} errors={failed?.fieldErrors?.name} />
      <TextField
        label="Choose a password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 12 characters."
        errors={failed?.fieldErrors?.password}
      />
      <SubmitButton pendingLabel="Joining…">Create account and join</SubmitButton>
    </form>
  );
}

export function SignInToAnswerForm({ token, email }: TokenProps & { email: string }) {
  const [state, formAction] = useActionState(signInToAnswerAction, null);
  const failed = state && !state.ok ? state : undefined;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {failed ? <Alert tone="error">{failed.error}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      <TextField label="Email" name="email" type="email" autoComplete="username" value={email} readOnly />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required errors={failed?.fieldErrors?.password} />
      <SubmitButton pendingLabel="Signing in…">Sign in to answer</SubmitButton>
    </form>
  );
}

export function AnswerInvitation({ token, workspaceName }: TokenProps & { workspaceName: string }) {
  const [acceptState, accept] = useActionState(acceptInvitationAction, null);
  const [declineState, decline] = useActionState(declineInvitationAction, null);
  if (declineState?.ok) return <Alert tone="info">You declined the invitation to {workspaceName}. The link no longer works.</Alert>;
  const error = (acceptState && !acceptState.ok && acceptState.error) || (declineState && !declineState.ok && declineState.error);
  return (
    <div className="space-y-4">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div className="flex gap-2">
        <form action={accept}>
          <input type="hidden" name="token" value={token} />
          <SubmitButton pendingLabel="Joining…">Accept</SubmitButton>
        </form>
        <form action={decline}>
          <input type="hidden" name="token" value={token} />
          <SubmitButton variant="secondary" pendingLabel="Declining…">
            Decline
          </SubmitButton>
        </form>
      </div>
    </div>
  );
}

export function SwitchAccountForm({ token }: TokenProps) {
  const [, formAction] = useActionState(switchAccountAction, null);
  return (
    <form action={formAction}>
      <input type="hidden" name="token" value={token} />
      <SubmitButton variant="secondary" pendingLabel="Signing out…">
        Sign out to switch account
      </SubmitButton>
    </form>
  );
}
