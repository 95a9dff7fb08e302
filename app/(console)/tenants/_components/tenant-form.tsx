"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { inputClass, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useResultToast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/workspace-action";

type Props<T> = {
  action: (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;
  /** Editing this tenant: its key cannot change, so the form has no key field. */
  tenant?: { id: string; key: string; name: string; metadata: Record<string, unknown> };
  submitLabel: string;
  maxMetadataBytes: number;
};

/** Create a tenant, or edit one's name and metadata; the server validates with the same rules as the REST API. */
export function TenantForm<T>({ action, tenant, submitLabel, maxMetadataBytes }: Props<T>) {
  const [state, formAction] = useActionState(action, null);
  const failed = state && !state.ok ? state : undefined;
  useResultToast(state, () => "Tenant saved.");
  const value = (name: string, fallback: string) => failed?.values?.[name] ?? fallback;
  const errors = (name: string) => failed?.fieldErrors?.[name];
  const metadataErrors = errors("metadata");
  const metadata = tenant && Object.keys(tenant.metadata).length > 0 ? JSON.stringify(tenant.metadata, null, 2) : "";
  return (
    <form action={formAction} className="max-w-2xl space-y-5" noValidate>
      {failed ? <Alert tone="error">{failed.error}</Alert> : null}
      {tenant ? (
        <input type="hidden" name="tenantId" value={tenant.id} />
      ) : (
        <TextField
          label="Key"
          name="key"
          required
          placeholder="cus_8f3a2"
          className={`${inputClass} font-mono`}
          defaultValue={value("key", "")}
          errors={errors("key")}
          hint="Your own id for the customer, e.g. its id in your database. Events and API calls name the tenant by it. It cannot change later."
        />
      )}
      <TextField
        label="Name"
        name="name"
        required={Boolean(tenant)}
        placeholder="Acme Inc."
        defaultValue={value("name", tenant?.name ?? "")}
        errors={errors("name")}
        hint={tenant ? "Shown in the console." : "Shown in the console; the key when left empty."}
      />
      <div className="space-y-1">
        <label htmlFor="metadata" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Metadata
        </label>
        <textarea
          id="metadata"
          name="metadata"
          rows={5}
          className={`${inputClass} font-mono`}
          placeholder={'{"plan": "pro", "region": "eu"}'}
          defaultValue={value("metadata", metadata)}
          aria-invalid={metadataErrors?.length ? true : undefined}
          aria-describedby={metadataErrors?.length ? "metadata-error" : "metadata-hint"}
        />
        {metadataErrors?.length ? (
          <p id="metadata-error" className="text-xs text-red-700 dark:text-red-400">
            {metadataErrors.join(" ")}
          </p>
        ) : (
          <p id="metadata-hint" className="text-xs text-zinc-500 dark:text-zinc-400">
            A JSON object of at most {maxMetadataBytes.toLocaleString("en-US")} bytes, kept with the tenant. Leave empty for none.
          </p>
        )}
      </div>
      <SubmitButton pendingLabel="Saving…">{submitLabel}</SubmitButton>
    </form>
  );
}
