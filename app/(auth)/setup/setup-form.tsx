"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { setupAction } from "../actions";

export function SetupForm({ token }: { token?: string }) {
  const [state, formAction] = useActionState(setupAction, null);
  const failed = state && !state.ok ? state : undefined;
  return (
    <Card title="Welcome to Tern" description="Create the owner account and your first workspace. This page is shown only once.">
      <form action={formAction} className="space-y-4" noValidate>
        {failed ? <Alert tone="error">{failed.error}</Alert> : null}
        {token ? <input type="hidden" name="token" value={token} /> : null}
        <TextField label="Your name" name="name" autoComplete="name" required defaultValue={failed?.values?.name} errors={failed?.fieldErrors?.name} />
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={failed?.values?.email}
          errors={failed?.fieldErrors?.email}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 12 characters."
          errors={failed?.fieldErrors?.password}
        />
        <TextField
          label="Workspace name"
          name="workspaceName"
          required
          hint="Usually your product or team, e.g. Acme Billing."
          defaultValue={failed?.values?.workspaceName}
          errors={failed?.fieldErrors?.workspaceName}
        />
        <SubmitButton pendingLabel="Creating…">Create owner account</SubmitButton>
      </form>
    </Card>
  );
}
