"use client";

import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useResultToast } from "@/components/ui/toaster";
import { createAlertChannelAction } from "../actions";

type Kind = "email" | "slack";

const KINDS: { kind: Kind; label: string }[] = [
  { kind: "email", label: "Email" },
  { kind: "slack", label: "Slack" },
];

export function CreateAlertChannelForm({ smtpConfigured, maxRecipients }: { smtpConfigured: boolean; maxRecipients: number }) {
  const [state, formAction] = useActionState(createAlertChannelAction, null);
  const failed = state && !state.ok ? state : undefined;
  const [kind, setKind] = useState<Kind>(failed?.values?.kind === "slack" ? "slack" : "email");
  useResultToast(state, (channel) => `Channel “${channel.name}” added. Send a test to check it.`);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {failed && !failed.fieldErrors ? <Alert tone="error">{failed.error}</Alert> : null}
      <fieldset>
        <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Kind</legend>
        <div className="mt-2 flex gap-4">
          {KINDS.map((option) => (
            <label key={option.kind} className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="kind"
                value={option.kind}
                checked={kind === option.kind}
                onChange={() => setKind(option.kind)}
                className="size-4 accent-teal-700"
              />
              {option.label}
            </label>
          ))}
        </div>
      </fieldset>
      <TextField
        label="Name"
        name="name"
        placeholder={kind === "email" ? "On-call" : "#webhooks-alerts"}
        required
        maxLength={100}
        defaultValue={failed?.values?.name}
        errors={failed?.fieldErrors?.name}
      />
      {kind === "email" ? (
        <TextField
          key="email"
          label="Recipients"
          name="emailRecipients"
          placeholder="ops@example.com, oncall@example.com"
          required
          defaultValue={failed?.values?.emailRecipients}
          errors={failed?.fieldErrors?.emailRecipients}
          hint={
            smtpConfigured
              ? `Up to ${maxRecipients} addresses, separated by commas.`
              : `Up to ${maxRecipients} addresses, separated by commas. SMTP is not configured on this server (TERN_SMTP_URL), so email channels cannot send yet.`
          }
        />
      ) : (
        <TextField
          key="slack"
          label="Incoming webhook URL"
          name="slackWebhookUrl"
          type="url"
          placeholder="https://hooks.slack.com/services/…"
          autoComplete="off"
          spellCheck={false}
          required
          errors={failed?.fieldErrors?.slackWebhookUrl}
          hint="Create one in Slack under Apps → Incoming Webhooks. It is stored encrypted and never shown again; only its host is."
        />
      )}
      <SubmitButton pendingLabel="Adding…">Add channel</SubmitButton>
    </form>
  );
}
