"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { signInAction } from "../actions";

export function SignInForm() {
  const [state, formAction] = useActionState(signInAction, null);
  const failed = state && !state.ok ? state : undefined;
  return (
    <Card title="Sign in" description="Use the email and password of your Tern account.">
      <form action={formAction} className="space-y-4" noValidate>
        {failed ? <Alert tone="error">{failed.error}</Alert> : null}
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
