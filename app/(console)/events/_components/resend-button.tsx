"use client";

import { useActionState } from "react";
import { useAwaitedAttempt, useLiveRefresh } from "@/components/console/live-refresh";
import { ConfirmButton } from "@/components/ui/confirm-dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import { useResultToast } from "@/components/ui/toaster";
import { replayEventAction } from "../../deliveries/actions";

/**
 * Sends the event again, to one endpoint or (without `endpointId`, after asking) to every endpoint
 * it went to, then follows the page until the new attempt shows (`attemptCount` grows past what it was).
 */
export function ResendButton({ eventId, endpointId, attemptCount, label }: { eventId: string; endpointId?: string; attemptCount: number; label: string }) {
  const [result, action] = useActionState(replayEventAction, null);
  useResultToast(result, ({ count }) => `Resend requested to ${count} ${count === 1 ? "endpoint" : "endpoints"}.`);
  const { awaiting, requested } = useAwaitedAttempt(attemptCount);
  useLiveRefresh(awaiting);
  return (
    <form action={action} onSubmit={requested} className="inline-flex flex-col items-start gap-1">
      <input type="hidden" name="eventId" value={eventId} />
      {endpointId ? <input type="hidden" name="endpointId" value={endpointId} /> : null}
      {endpointId ? (
        <SubmitButton variant="secondary" pendingLabel="Resending…">
          {label}
        </SubmitButton>
      ) : (
        <ConfirmButton
          pendingLabel="Resending…"
          tone="primary"
          title="Resend this event to every endpoint?"
          confirmLabel="Resend to all"
          consequence="Every endpoint it went to receives it again as a new delivery; receivers that do not deduplicate by webhook-id may act on it twice."
        >
          {label}
        </ConfirmButton>
      )}
      {result && !result.ok ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {result.error}
        </span>
      ) : null}
    </form>
  );
}
