"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { replayEventAction, retryDeliveriesAction } from "../actions";

export function DeliveryButtons({ deliveryId, eventId }: { deliveryId: string; eventId: string }) {
  const [retry, retryAction] = useActionState(retryDeliveriesAction, null);
  const [replay, replayAction] = useActionState(replayEventAction, null);
  const message = retry?.ok ? "Retry requested; the new attempt appears below in a moment." : replay?.ok ? `Replay requested to ${replay.data.count} endpoint(s).` : null;
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
      <p role="status" className="text-sm text-teal-800 dark:text-teal-300">
        {message}
      </p>
      {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
    </div>
  );
}
