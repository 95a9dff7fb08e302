"use client";

import { useActionState, useRef, useState } from "react";
import { type SearchTenants, TenantPicker } from "@/components/console/tenant-filter";
import { TenantLine } from "@/components/console/tenant-link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { inputClass, TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useResultToast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/workspace-action";
import type { TenantLabel } from "@/lib/tenants/labels";

type EndpointFormValues = {
  name: string | null;
  url: string;
  description: string;
  tags: string[];
  eventTypes: string[];
  headers: Record<string, string>;
  timeoutMs: number;
  rateLimit: number | null;
  metadata: Record<string, string>;
  tenantId: string | null;
};

type Props<T> = {
  action: (previous: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;
  initial?: EndpointFormValues;
  endpointId?: string;
  catalog: string[];
  submitLabel: string;
  /** Creating: the tenant picker's search. Editing has none: an endpoint's tenant is fixed when it is created. */
  searchTenants?: SearchTenants;
  /** Creating: the tenant the picker starts with; editing: the endpoint's tenant, shown read-only. */
  tenant?: TenantLabel;
};

function HeadersEditor({ initial }: { initial: Record<string, string> }) {
  // Each row keeps its key while rows above it are removed, so React moves the right inputs.
  const nextKey = useRef(0);
  const row = (name: string, value: string) => ({ key: nextKey.current++, name, value });
  const [rows, setRows] = useState(() => Object.entries(initial).map(([name, value]) => row(name, value)));
  const serialised = JSON.stringify(Object.fromEntries(rows.filter((row) => row.name.trim()).map((row) => [row.name.trim(), row.value])));
  return (
    <div className="space-y-2">
      <input type="hidden" name="headers" value={serialised} />
      {rows.map((header, index) => (
        <div key={header.key} className="flex gap-2">
          <input
            aria-label={`Header ${index + 1} name`}
            className={inputClass}
            placeholder="X-Api-Key"
            value={header.name}
            onChange={(event) => setRows(rows.map((r, i) => (i === index ? { ...r, name: event.target.value } : r)))}
          />
          <input
            aria-label={`Header ${index + 1} value`}
            className={inputClass}
            placeholder="value"
            value={header.value}
            onChange={(event) => setRows(rows.map((r, i) => (i === index ? { ...r, value: event.target.value } : r)))}
          />
          <Button variant="ghost" aria-label={`Remove header ${index + 1}`} onClick={() => setRows(rows.filter((_, i) => i !== index))}>
            Remove
          </Button>
        </div>
      ))}
      <Button variant="secondary" onClick={() => setRows([...rows, row("", "")])}>
        Add header
      </Button>
    </div>
  );
}

/** Create and edit an endpoint; the server validates with the same rules as the REST API. */
export function EndpointForm<T>({ action, initial, endpointId, catalog, submitLabel, searchTenants, tenant }: Props<T>) {
  const [state, formAction] = useActionState(action, null);
  const failed = state && !state.ok ? state : undefined;
  useResultToast(state, () => "Endpoint saved.");
  const value = (name: string, fallback: string) => failed?.values?.[name] ?? fallback;
  const errors = (name: string) => failed?.fieldErrors?.[name];
  const headers = (() => {
    try {
      return failed?.values?.headers ? (JSON.parse(failed.values.headers) as Record<string, string>) : (initial?.headers ?? {});
    } catch {
      return initial?.headers ?? {};
    }
  })();
  return (
    <form action={formAction} className="max-w-2xl space-y-5" noValidate>
      {failed ? <Alert tone="error">{failed.error}</Alert> : null}
      {endpointId ? <input type="hidden" name="endpointId" value={endpointId} /> : null}
      <TextField
        label="Name (optional)"
        name="name"
        maxLength={100}
        placeholder="Billing service"
        defaultValue={value("name", initial?.name ?? "")}
        errors={errors("name")}
        hint="What the console and the portal call it; without one, it goes by its URL."
      />
      <TextField
        label="URL"
        name="url"
        type="url"
        required
        placeholder="https://example.com/webhooks"
        defaultValue={value("url", initial?.url ?? "")}
        errors={errors("url")}
        hint="Where Tern POSTs the signed events. https is required in production."
      />
      <TextField label="Description" name="description" defaultValue={value("description", initial?.description ?? "")} errors={errors("description")} />
      <TextField
        label="Tags (optional)"
        name="tags"
        placeholder="billing, env:prod"
        defaultValue={value("tags", initial?.tags.join(", ") ?? "")}
        errors={errors("tags")}
        hint="Up to 10, comma-separated: lower-case letters, digits and _ . : - (for example team:billing). Filter the endpoint list by them."
      />
      {searchTenants ? (
        <TenantPicker
          searchTenants={searchTenants}
          selected={tenant}
          name="tenant"
          clearLabel="None: the workspace's own"
          errors={errors("tenant")}
          hint="The customer whose endpoint this is: it receives only that tenant's events, and keeps that tenant for good. Without one it is the workspace's own, for events published without a tenant."
        />
      ) : initial ? (
        <div className="space-y-1">
          <TenantLine tenantId={initial.tenantId} label={tenant} />
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            An endpoint keeps the tenant it was created for; for another tenant, create another endpoint.
          </p>
        </div>
      ) : null}
      <div className="space-y-1">
        <TextField
          label="Event types"
          name="eventTypes"
          list="event-type-catalog"
          required
          placeholder="invoice.paid, customer.*"
          defaultValue={value("eventTypes", initial?.eventTypes.join(", ") ?? "*")}
          errors={errors("eventTypes")}
          hint='Comma-separated names; "*" for every event, "prefix.*" for a family.'
        />
        <datalist id="event-type-catalog">
          <option value="*" />
          {catalog.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </div>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Custom headers</legend>
        <HeadersEditor key={JSON.stringify(headers)} initial={headers} />
        {errors("headers") ? <p className="text-xs text-red-700 dark:text-red-400">{errors("headers")!.join(" ")}</p> : null}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Timeout (ms)"
          name="timeoutMs"
          type="number"
          min={1000}
          max={30000}
          step={500}
          defaultValue={value("timeoutMs", String(initial?.timeoutMs ?? 15000))}
          errors={errors("timeoutMs")}
          hint="1,000 to 30,000."
        />
        <TextField
          label="Rate limit (deliveries/s)"
          name="rateLimit"
          type="number"
          min={1}
          defaultValue={value("rateLimit", initial?.rateLimit ? String(initial.rateLimit) : "")}
          errors={errors("rateLimit")}
          hint="Leave empty for no limit."
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="metadata" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Metadata
        </label>
        <textarea
          id="metadata"
          name="metadata"
          rows={3}
          className={`${inputClass} font-mono`}
          placeholder={"team=billing\nowner=alice"}
          defaultValue={value(
            "metadata",
            Object.entries(initial?.metadata ?? {})
              .map(([k, v]) => `${k}=${v}`)
              .join("\n"),
          )}
          aria-describedby="metadata-hint"
        />
        <p id="metadata-hint" className="text-xs text-zinc-500">
          One key=value per line.
        </p>
        {errors("metadata") ? <p className="text-xs text-red-700 dark:text-red-400">{errors("metadata")!.join(" ")}</p> : null}
      </div>
      <SubmitButton pendingLabel="Saving…">{submitLabel}</SubmitButton>
    </form>
  );
}
