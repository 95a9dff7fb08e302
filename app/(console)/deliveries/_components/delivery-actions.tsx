"use client";

import { useActionState } from "react";
import { useAwaitedAttempt, useLiveRefresh } from "@/components/console/live-refresh";
import { ConfirmButton } from "@/components/ui/confirm-dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import { useResultToast } from "@/components/ui/toaster";
import type { Delivery } from "@/db/schema";
import { isFinished } from "@/lib/deliveries/status";
import { replayEventAction, retryDeliveriesAction } from "../actions";

type Props = { deliveryId: string; eventId: string; status: Delivery["status"]; attemptCount: number; canManage: boolean };

/**
 * A delivery page's live part: it follows the delivery while it is under way, and after "Retry
 * now" or a replay until the new attempt shows; admins get those buttons.
 */
export function DeliveryActions({ deliveryId, eventId, status, attemptCount, canManage }: Props) {
  const [retry, retryAction] = useActionState(retryDeliveriesAction, null);
  const [replay, replayAction] = useActionState(replayEventAction, null);
  useResultToast(retry, () => "Retry requested; the new attempt appears below in a moment.");
  useResultToast(replay, ({ count }) => `Replay requested to ${count} ${count === 1 ? "endpoint" : "endpoints"}.`);
  const { awaiting, requested } = useAwaitedAttempt(attemptCount);
  const following = !isFinished(status) || awaiting;
  useLiveRefresh(following);
  const error = (retry && !retry.ok && retry.error) || (replay && !replay.ok && replay.error);
  return (
    <div className="space-y-2">
      {canManage ? (
        <div className="flex flex-wrap gap-2">
          <form action={retryAction} onSubmit={requested}>
            <input type="hidden" name="deliveryIds" value={deliveryId} />
            <SubmitButton pendingLabel="Retrying…">Retry now</SubmitButton>
          </form>
          <form action={replayAction} onSubmit={requested}>
            <input type="hidden" name="eventId" value={eventId} />
            <ConfirmButton
              pendingLabel="Replaying…"
              tone="primary"
              title="Replay this event to all its endpoints?"
              confirmLabel="Replay to all"
              consequence="Every endpoint subscribed to it receives it again as a new delivery; receivers that do not deduplicate by webhook-id may act on it twice."
            >
              Replay event to all endpoints
            </ConfirmButton>
          </form>
        </div>
      ) : null}
      {following ? (
        <p className="flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
          <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-teal-600" />
          Following this delivery: new attempts appear as they are made.
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
