"use client";

import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { ConfirmButton } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { SelectField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useResultToast } from "@/components/ui/toaster";
import { revealSecretAction, rotateSecretAction } from "../actions";

const GRACE_OPTIONS = [
  { seconds: 0, label: "None: stop signing with the old secret now" },
  { seconds: 3600, label: "1 hour" },
  { seconds: 86_400, label: "24 hours (recommended)" },
  { seconds: 3 * 86_400, label: "3 days" },
  { seconds: 7 * 86_400, label: "7 days" },
];

/** What rotating does to the receivers, which verify with the current secret until they are given the new one. */
function rotationConsequence(graceSeconds: number): string {
  if (graceSeconds === 0) {
    return "The current secret stops working immediately: receivers verifying with it will reject every delivery until they are updated with the new one.";
  }
  const grace = GRACE_OPTIONS.find((option) => option.seconds === graceSeconds)?.label.replace(" (recommended)", "");
  return `Deliveries are signed with both secrets for ${grace}; after that, receivers still verifying with the current one will reject every delivery. Update them with the new secret within that time.`;
}

/** The signing secret: hidden until revealed (each reveal is audited), copyable, rotatable with a grace period once confirmed. */
export function SecretPanel({ endpointId, canManage }: { endpointId: string; canManage: boolean }) {
  const [revealed, reveal] = useActionState(revealSecretAction, null);
  const [rotated, rotate] = useActionState(rotateSecretAction, null);
  const [graceSeconds, setGraceSeconds] = useState(86_400);
  useResultToast(rotated, ({ previousSecretExpiresAt }) =>
    previousSecretExpiresAt && new Date(previousSecretExpiresAt) > new Date()
      ? "Rotated. The new secret is shown; the old one keeps signing during the grace period."
      : "Rotated. The new secret is shown; the old one no longer signs.",
  );
  const secret = rotated?.ok ? rotated.data.secret : revealed?.ok ? revealed.data.secret : undefined;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <code data-testid="signing-secret" className="break-all rounded bg-zinc-100 px-2 py-1 font-mono text-xs dark:bg-zinc-800">
          {secret ?? "whsec_••••••••••••••••••••••••"}
        </code>
        {secret ? <CopyButton value={secret} label="Copy secret" /> : null}
        {canManage && !secret ? (
          <form action={reveal}>
            <input type="hidden" name="endpointId" value={endpointId} />
            <SubmitButton variant="secondary" pendingLabel="Revealing…">
              Reveal
            </SubmitButton>
          </form>
        ) : null}
      </div>
      {revealed?.ok && revealed.data.previousSecret ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          The previous secret also signs until {new Date(revealed.data.previousSecretExpiresAt!).toLocaleString()}.
        </p>
      ) : null}
      {rotated && !rotated.ok ? <Alert tone="error">{rotated.error}</Alert> : null}
      {canManage ? (
        <form action={rotate} className="flex flex-wrap items-end gap-3">
          <input type="hidden" name="endpointId" value={endpointId} />
          <SelectField
            label="Grace period for the old secret"
            name="graceSeconds"
            value={String(graceSeconds)}
            onChange={(event) => setGraceSeconds(Number(event.target.value))}
          >
            {GRACE_OPTIONS.map((option) => (
              <option key={option.seconds} value={option.seconds}>
                {option.label}
              </option>
            ))}
          </SelectField>
          <ConfirmButton
            title="Rotate the signing secret?"
            confirmLabel="Rotate secret"
            tone={graceSeconds === 0 ? "danger" : "primary"}
            consequence={<p>{rotationConsequence(graceSeconds)}</p>}
          >
            Rotate secret
          </ConfirmButton>
        </form>
      ) : null}
    </div>
  );
}
