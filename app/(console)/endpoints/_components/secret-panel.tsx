"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
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

/** The signing secret: hidden until revealed (each reveal is audited), copyable, rotatable with a grace period. */
export function SecretPanel({ endpointId, canManage }: { endpointId: string; canManage: boolean }) {
  const [revealed, reveal] = useActionState(revealSecretAction, null);
  const [rotated, rotate] = useActionState(rotateSecretAction, null);
  useResultToast(rotated, () => "Rotated. The new secret is shown; the old one keeps signing during the grace period.");
  const secret = rotated?.ok ? rotated.data.secret : revealed?.ok ? revealed.data.secret : undefined;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <code data-testid="signing-secret" className="rounded bg-zinc-100 px-2 py-1 font-mono text-xs dark:bg-zinc-800">
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
          <SelectField label="Grace period for the old secret" name="graceSeconds" defaultValue="86400">
            {GRACE_OPTIONS.map((option) => (
              <option key={option.seconds} value={option.seconds}>
                {option.label}
              </option>
            ))}
          </SelectField>
          <SubmitButton variant="secondary" pendingLabel="Rotating…">
            Rotate secret
          </SubmitButton>
        </form>
      ) : null}
      <details className="text-sm">
        <summary className="cursor-pointer font-medium">Verify requests in your receiver</summary>
        <pre className="mt-2 overflow-x-auto rounded bg-zinc-100 p-3 text-xs dark:bg-zinc-900">{`import { Webhook } from "standardwebhooks";

const wh = new Webhook(process.env.TERN_WEBHOOK_SECRET); // whsec_…
// rawBody: the exact request body as a string; headers: webhook-id, webhook-timestamp, webhook-signature
const event = wh.verify(rawBody, headers); // throws when the signature or timestamp is wrong`}</pre>
      </details>
    </div>
  );
}
