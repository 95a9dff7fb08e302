"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { signInAction } from "../actions";

/** `returnTo`: the page to open once signed in, already checked to be one of this site's. */
export function SignInForm({ returnTo }: { returnTo?: string }) {
  const [state, formAction] = useActionState(signInAction, null);
  const failed = state && !state.ok ? state : undefined;
  return (
    <Card title="Sign in" description={returnTo ? "Sign in to go on to the page you opened." : "Use the email and password of your Tern account."}>
      <form action={formAction} className="space-y-4" noValidate>
        {failed ? <Alert tone="error">{failed.error}</Alert> : null}
        {returnTo ? <input type="hidden" name="next" value={returnTo} /> : null}
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          autoFocus
          defaultValue={failed?.values?.email}
          errors={failed?.fieldErrors?.email}
        />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required errors={failed?.fieldErrors?.password} />
        <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
      </form>
    </Card>
  );
}
