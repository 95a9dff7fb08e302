"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { useFormStatus } from "react-dom";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { useResultToast } from "@/components/ui/toaster";
import { openPortalAsTenantAction, revokePortalSessionsAction } from "../portal-actions";

/** Opens the tenant's portal in a new tab through a fresh one-hour session, read-only unless full access is ticked. */
export function OpenPortalAsTenant({ tenantId }: { tenantId: string }) {
  const [state, formAction] = useActionState(openPortalAsTenantAction, null);
  const opened = state?.ok ? state.data : undefined;
  // Each new link opens once, even when React runs the effect twice.
  const lastOpened = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!opened || lastOpened.current === opened.url) return;
    lastOpened.current = opened.url;
    // noopener: the portal gets no handle on the console's window.
    window.open(opened.url, "_blank", "noopener,noreferrer");
  }, [opened]);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-3" aria-label="Open portal as this tenant">
      <input type="hidden" name="tenantId" value={tenantId} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="fullAccess" className="size-4 accent-teal-700" />
        Full access (change endpoints, reveal secrets)
      </label>
      <SubmitButton variant="secondary" pendingLabel="Opening…">
        Open portal as this tenant
      </SubmitButton>
      {opened ? (
        <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          Opened a {opened.readOnly ? "read-only" : "full-access"} portal for one hour in a new tab.{" "}
          <a href={opened.url} target="_blank" rel="noopener noreferrer" className="text-teal-800 hover:underline dark:text-teal-300">
            Open it again
          </a>
        </p>
      ) : null}
      {state && !state.ok ? <Alert tone="error">{state.error}</Alert> : null}
    </form>
  );
}

function ConfirmRevokeButton() {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant="danger" disabled={pending}>
      {pending ? "Revoking…" : "Revoke every portal session"}
    </Button>
  );
}

/** Ends every open portal session of the tenant at once, after a confirmation. */
export function RevokePortalSessions({ tenant }: { tenant: { id: string; name: string } }) {
  const [confirming, setConfirming] = useState(false);
  const [state, formAction] = useActionState(revokePortalSessionsAction, null);
  useResultToast(state, ({ revoked }) => (revoked === 1 ? "Revoked 1 portal session." : `Revoked ${revoked} portal sessions.`));
  useEffect(() => {
    if (state?.ok) setConfirming(false);
  }, [state]);
  if (!confirming) {
    return (
      <Button variant="secondary" onClick={() => setConfirming(true)}>
        Revoke all portal sessions
      </Button>
    );
  }
  return (
    <form action={formAction} className="max-w-2xl space-y-3" aria-label={`Revoke the portal sessions of ${tenant.name}`}>
      <input type="hidden" name="tenantId" value={tenant.id} />
      <p className="text-sm">
        Revoke every open portal link of <strong>{tenant.name}</strong>? Anyone using one loses access at once, in your app&apos;s embed too; new links can be
        made afterwards.
      </p>
      <div className="flex gap-2">
        <ConfirmRevokeButton />
        <Button variant="ghost" onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
      {state && !state.ok ? <Alert tone="error">{state.error}</Alert> : null}
    </form>
  );
}
