"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { signOutEverywhereAction } from "../actions";

export function SignOutEverywhereForm() {
  const [state, formAction] = useActionState(signOutEverywhereAction, null);
  return (
    <form action={formAction} className="space-y-4">
      {state && !state.ok ? <Alert tone="error">{state.error}</Alert> : null}
      <SubmitButton variant="danger" pendingLabel="Signing out…">
        Sign out everywhere
      </SubmitButton>
    </form>
  );
}
