"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { useResultToast } from "@/components/ui/toaster";
import { deleteAlertChannelAction, setAlertChannelEnabledAction, testAlertChannelAction } from "../actions";

const refusal = (state: { ok: boolean; error?: string } | null) =>
  state && !state.ok ? (
    <span role="alert" className="text-xs text-red-700 dark:text-red-400">
      {state.error}
    </span>
  ) : null;

/** Sends a test notification now and says, next to the button, whether it arrived or why not. */
export function TestAlertChannelButton({ channelId, name }: { channelId: string; name: string }) {
  const [state, formAction] = useActionState(testAlertChannelAction, null);
  return (
    <form action={formAction} className="space-y-1">
      <input type="hidden" name="channelId" value={channelId} />
      <SubmitButton variant="secondary" pendingLabel="Sending…">
        <span aria-hidden="true">Send a test</span>
        <span className="sr-only">Send a test through {name}</span>
      </SubmitButton>
      <div aria-live="polite">
        {state?.ok ? (
          state.data.delivered ? (
            <p className="text-xs text-teal-800 dark:text-teal-300">Delivered.</p>
          ) : (
            <p className="max-w-xs break-words text-xs text-red-700 dark:text-red-400">Not delivered: {state.data.error}</p>
          )
        ) : (
          refusal(state)
        )}
      </div>
    </form>
  );
}

export function AlertChannelEnablement({ channelId, name, enabled }: { channelId: string; name: string; enabled: boolean }) {
  const [state, formAction] = useActionState(setAlertChannelEnabledAction, null);
  useResultToast(state, (result) =>
    result.enabled ? `“${name}” enabled: it receives alerts again.` : `“${name}” disabled: it receives no alerts until enabled.`,
  );
  return (
    <form action={formAction} className="space-y-1">
      <input type="hidden" name="channelId" value={channelId} />
      <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
      <SubmitButton variant="ghost" pendingLabel={enabled ? "Disabling…" : "Enabling…"}>
        <span aria-hidden="true">{enabled ? "Disable" : "Enable"}</span>
        <span className="sr-only">
          {enabled ? "Disable" : "Enable"} {name}
        </span>
      </SubmitButton>
      {refusal(state)}
    </form>
  );
}

export function DeleteAlertChannelButton({ channelId, name }: { channelId: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, formAction] = useActionState(deleteAlertChannelAction, null);
  if (!confirming) {
    return (
      <Button variant="ghost" onClick={() => setConfirming(true)} aria-label={`Delete ${name}`}>
        Delete
      </Button>
    );
  }
  return (
    <form action={formAction} className="inline-flex flex-wrap items-center gap-2">
      <input type="hidden" name="channelId" value={channelId} />
      <span className="text-xs text-zinc-600 dark:text-zinc-400">Alerts will no longer go here.</span>
      <SubmitButton variant="danger" pendingLabel="Deleting…">
        Confirm delete
      </SubmitButton>
      <Button variant="ghost" onClick={() => setConfirming(false)} autoFocus>
        Cancel
      </Button>
      {refusal(state)}
    </form>
  );
}
