"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { useResultToast } from "@/components/ui/toaster";
import { acknowledgeAlertAction, resolveAlertAction } from "../actions";

type AlertAction = typeof acknowledgeAlertAction;

function AlertButton({
  action,
  alertId,
  summary,
  label,
  pendingLabel,
}: {
  action: AlertAction;
  alertId: string;
  summary: string;
  label: string;
  pendingLabel: string;
}) {
  const [state, formAction] = useActionState(action, null);
  // Acknowledging an exhausted-deliveries alert resolves it: the toast says what happened.
  useResultToast(state, (alert) => `Alert ${alert.status}.`);
  return (
    <form action={formAction} className="space-y-1">
      <input type="hidden" name="alertId" value={alertId} />
      <SubmitButton variant="secondary" pendingLabel={pendingLabel}>
        <span aria-hidden="true">{label}</span>
        <span className="sr-only">
          {label}: {summary}
        </span>
      </SubmitButton>
      {state && !state.ok ? (
        <span role="alert" className="block text-xs text-red-700 dark:text-red-400">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}

/** Acknowledge (someone is on it; it stays until it recovers) and resolve (close it by hand). */
export function AlertButtons({ alertId, summary, status }: { alertId: string; summary: string; status: "open" | "acknowledged" | "resolved" }) {
  if (status === "resolved") return null;
  return (
    <div className="flex flex-wrap justify-end gap-2">
      {status === "open" ? (
        <AlertButton action={acknowledgeAlertAction} alertId={alertId} summary={summary} label="Acknowledge" pendingLabel="Acknowledging…" />
      ) : null}
      <AlertButton action={resolveAlertAction} alertId={alertId} summary={summary} label="Resolve" pendingLabel="Resolving…" />
    </div>
  );
}
