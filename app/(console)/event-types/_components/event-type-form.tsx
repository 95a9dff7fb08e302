"use client";

import { useActionState, useEffect, useEffectEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { inputClass, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useResultToast } from "@/components/ui/toaster";
import { saveEventTypeAction } from "../actions";

export type EditableEventType = { name: string; description: string; schema: Record<string, unknown> | null; example: Record<string, unknown> | null };

/** The errors of a field and of every path inside it: a schema's problem is reported at "schema.properties.amount.type". */
function errorsWithin(fieldErrors: Record<string, string[]> | undefined, field: string): string[] | undefined {
  const errors = Object.entries(fieldErrors ?? {})
    .filter(([path]) => path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`))
    .flatMap(([, messages]) => messages);
  return errors.length > 0 ? errors : undefined;
}

function JsonField({ name, label, hint, defaultValue, errors }: { name: string; label: string; hint: string; defaultValue: string; errors?: string[] }) {
  const id = `${name}-field`;
  return (
    <div className="min-w-0 space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        rows={10}
        spellCheck={false}
        className={`${inputClass} font-mono text-xs`}
        defaultValue={defaultValue}
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? `${id}-error` : `${id}-hint`}
      />
      {errors ? (
        <p id={`${id}-error`} className="text-xs text-red-700 dark:text-red-400">
          {errors.join(" ")}
        </p>
      ) : (
        <p id={`${id}-hint`} className="text-xs text-zinc-600 dark:text-zinc-400">
          {hint}
        </p>
      )}
    </div>
  );
}

const asText = (value: Record<string, unknown> | null | undefined) => (value ? JSON.stringify(value, null, 2) : "");

/** Adds a type (no `initial`) or edits one; `onDone` closes it, after a save or on Cancel. */
export function EventTypeForm({ initial, onDone }: { initial?: EditableEventType; onDone: () => void }) {
  const [state, formAction] = useActionState(saveEventTypeAction, null);
  const failed = state && !state.ok ? state : undefined;
  useResultToast(state, ({ name, created }) => (created ? `Added ${name} to the catalog.` : `Saved ${name}.`));
  const done = useEffectEvent(onDone);
  useEffect(() => {
    if (state?.ok) done();
  }, [state]);
  return (
    <form action={formAction} className="space-y-4" noValidate aria-label={initial ? `Edit ${initial.name}` : "New event type"}>
      {/* A refusal that concerns a field is shown beside it, and only there. */}
      {failed && !failed.fieldErrors ? <Alert tone="error">{failed.error}</Alert> : null}
      <input type="hidden" name="existing" value={initial ? "true" : "false"} />
      {initial ? (
        <input type="hidden" name="name" value={initial.name} />
      ) : (
        <TextField
          label="Name"
          name="name"
          placeholder="invoice.paid"
          required
          defaultValue={failed?.values?.name}
          errors={failed?.fieldErrors?.name}
          hint="Letters, digits, dots, dashes and underscores. Endpoints subscribe to it by name, or to a prefix such as invoice.*."
        />
      )}
      <TextField
        label="Description"
        name="description"
        defaultValue={failed?.values?.description ?? initial?.description ?? ""}
        errors={failed?.fieldErrors?.description}
        hint="When it is published, in a sentence: shown to your customers in their portal."
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <JsonField
          name="schema"
          label="JSON Schema of data"
          hint="JSON Schema draft 2020-12, checked when saved; leave $schema out or give the 2020-12 one. In strict mode every event's data must match it. format is shown, not enforced; $ref resolves within the schema. Empty means no schema."
          defaultValue={failed?.values?.schema ?? asText(initial?.schema)}
          errors={errorsWithin(failed?.fieldErrors, "schema")}
        />
        <JsonField
          name="example"
          label="Example payload (used by the test button)"
          hint="A JSON object that matches the schema. It fills the test-event form of endpoints."
          defaultValue={failed?.values?.example ?? asText(initial?.example)}
          errors={errorsWithin(failed?.fieldErrors, "example")}
        />
      </div>
      <div className="flex flex-wrap gap-2">
        <SubmitButton pendingLabel="Saving…">{initial ? "Save changes" : "Add event type"}</SubmitButton>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
