"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { inputClass, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useResultToast } from "@/components/ui/toaster";
import { deleteEventTypeAction, saveEventTypeAction } from "../actions";

type Initial = { name: string; description: string; schema: Record<string, unknown> | null; example: Record<string, unknown> | null };

function JsonField({ name, label, defaultValue, errors }: { name: string; label: string; defaultValue: string; errors?: string[] }) {
  return (
    <div className="space-y-1">
      <label htmlFor={`${name}-field`} className="block text-sm font-medium">
        {label}
      </label>
      <textarea
        id={`${name}-field`}
        name={name}
        rows={5}
        className={`${inputClass} font-mono text-xs`}
        defaultValue={defaultValue}
        aria-invalid={errors ? true : undefined}
      />
      {errors ? <p className="text-xs text-red-700 dark:text-red-400">{errors.join(" ")}</p> : null}
    </div>
  );
}

/** Create (no initial) or edit one catalog entry. */
export function EventTypeForm({ initial }: { initial?: Initial }) {
  const [state, formAction] = useActionState(saveEventTypeAction, null);
  const [deleted, deleteAction] = useActionState(deleteEventTypeAction, null);
  const failed = state && !state.ok ? state : undefined;
  useResultToast(state, ({ name }) => `Saved ${name}.`);
  const text = (value: Record<string, unknown> | null | undefined) => (value ? JSON.stringify(value, null, 2) : "");
  if (deleted?.ok) return <p className="text-sm text-zinc-500">Deleted.</p>;
  return (
    <div className="space-y-3">
      <form action={formAction} className="space-y-3" noValidate>
        {failed ? <Alert tone="error">{failed.error}</Alert> : null}
        <input type="hidden" name="existing" value={initial ? "true" : "false"} />
        {initial ? (
          <input type="hidden" name="name" value={initial.name} />
        ) : (
          <TextField label="Name" name="name" placeholder="invoice.paid" required defaultValue={failed?.values?.name} errors={failed?.fieldErrors?.name} />
        )}
        <TextField
          label="Description"
          name="description"
          defaultValue={failed?.values?.description ?? initial?.description ?? ""}
          errors={failed?.fieldErrors?.description}
        />
        <div className="grid gap-3 lg:grid-cols-2">
          <JsonField
            name="example"
            label="Example payload (used by the test button)"
            defaultValue={failed?.values?.example ?? text(initial?.example)}
            errors={failed?.fieldErrors?.example}
          />
          <JsonField name="schema" label="JSON Schema" defaultValue={failed?.values?.schema ?? text(initial?.schema)} errors={failed?.fieldErrors?.schema} />
        </div>
        <SubmitButton pendingLabel="Saving…">{initial ? "Save" : "Add event type"}</SubmitButton>
      </form>
      {initial ? (
        <form action={deleteAction}>
          <input type="hidden" name="name" value={initial.name} />
          <SubmitButton variant="ghost" pendingLabel="Deleting…">
            {`Delete ${initial.name}`}
          </SubmitButton>
        </form>
      ) : null}
    </div>
  );
}
