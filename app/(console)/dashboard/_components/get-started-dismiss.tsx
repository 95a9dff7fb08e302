"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { dismissGetStartedAction } from "./get-started-actions";

export function GetStartedDismiss() {
  const [state, dismiss] = useActionState(dismissGetStartedAction, null);
  return (
    <form action={dismiss} className="flex flex-col items-end gap-1">
      <SubmitButton variant="ghost" pendingLabel="Dismissing…">
        Dismiss<span className="sr-only"> the Get started checklist</span>
      </SubmitButton>
      {state && !state.ok ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
