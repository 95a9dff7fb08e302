"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { useResultToast } from "@/components/ui/toaster";
import { replayEventAction, retryDeliveriesAction } from "../actions";

export function DeliveryButtons({ deliveryId, eventId }: { deliveryId: string; eventId: string }) {
  const [retry, retryAction] = useActionState(retryDeliveriesAction, null);
  const [replay, replayAction] = useActionState(replayEventAction, null);
  useResultToast(retry, () => "Retry requested; the new attempt appears below in a moment.");
  useResultToast(replay, ({ count }) => `Replay requested to ${count} ${count === 1 ? "endpoint" : "endpoints"}.`);
  const error = (retry && !retry.ok && retry.error) || (replay && !replay.ok && replay.error);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <form action={retryAction}>
          <input type="hidden" name="deliveryIds" value={deliveryId} />
          <SubmitButton pendingLabel="Retrying…">Retry now</SubmitButton>
        </form>
        <form action={replayAction}>
          <input type="hidden" name="eventId" value={eventId} />
          <SubmitButton variant="secondary" pendingLabel="Replaying…">
            Replay event to all endpoints
          </SubmitButton>
        </form>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
