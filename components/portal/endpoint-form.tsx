"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { inputClass, TextField } from "@/components/ui/field";
import { JsonBlock } from "@/components/ui/json-block";
import type { Page, PortalEndpoint, PortalEventType } from "./api-types";
import { PortalApiError, usePortal, usePortalQuery } from "./portal-session";
import { AccentButton, LoadError, Loading } from "./portal-ui";

/** "Name: value" a line, as custom headers are typed in the form. */
function parseHeaderLines(text: string): Record<string, string> | string {
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/).filter((l) => l.trim())) {
    const colon = line.indexOf(":");
    if (colon <= 0) return `"${line.trim()}" is not a header: write one "Name: value" a line.`;
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

const headerLines = (headers: Record<string, string>) =>
  Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join("\n");

/** Create an endpoint, or edit one; the API checks everything again (URL rules, private addresses, limits). */
export function EndpointForm({ endpoint }: { endpoint?: PortalEndpoint }) {
  const { workspaceId, api } = usePortal();
  const router = useRouter();
  const catalog = usePortalQuery<Page<PortalEventType>>("/api/v1/event-types?limit=100");
  const [name, setName] = useState(endpoint?.name ?? "");
  const [url, setUrl] = useState(endpoint?.url ?? "");
  const [description, setDescription] = useState(endpoint?.description ?? "");
  const [tags, setTags] = useState(endpoint?.tags.join(", ") ?? "");
  const [eventTypes, setEventTypes] = useState<string[]>(endpoint?.eventTypes ?? []);
  const [headers, setHeaders] = useState(endpoint ? headerLines(endpoint.headers) : "");
  const [rateLimit, setRateLimit] = useState(endpoint?.rateLimit ? String(endpoint.rateLimit) : "");
  const [timeoutSeconds, setTimeoutSeconds] = useState(String((endpoint?.timeoutMs ?? 15_000) / 1000));
  const [failure, setFailure] = useState<PortalApiError | string | undefined>();
  const [saving, setSaving] = useState(false);
  const fieldError = (field: string) =>
    failure instanceof PortalApiError
      ? Object.entries(failure.fieldErrors)
          .filter(([name]) => name === field || name.startsWith(`${field}.`))
          .map(([, message]) => message)
      : undefined;
  const all = eventTypes.includes("*");
  const toggle = (name: string) => setEventTypes((current) => (current.includes(name) ? current.filter((n) => n !== name) : [...current, name]));

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsedHeaders = parseHeaderLines(headers);
    if (typeof parsedHeaders === "string") return setFailure(parsedHeaders);
    const body = {
      name: name.trim() || null,
      url: url.trim(),
      description,
      tags: tags.split(/[\s,]+/).filter(Boolean),
      eventTypes,
      headers: parsedHeaders,
      rateLimit: rateLimit.trim() ? Number(rateLimit) : null,
      timeoutMs: Math.round(Number(timeoutSeconds) * 1000),
    };
    setSaving(true);
    setFailure(undefined);
    try {
      const saved = endpoint
        ? await api<PortalEndpoint>(`/api/v1/endpoints/${endpoint.id}`, { method: "PATCH", body })
        : await api<PortalEndpoint>("/api/v1/endpoints", { method: "POST", body });
      router.push(`/portal/${workspaceId}/endpoints/${saved.id}${endpoint ? "" : "?created=1"}`);
    } catch (caught) {
      setFailure(caught instanceof PortalApiError ? caught : "The endpoint could not be saved. Try again.");
      setSaving(false);
    }
  }

  const typesError = fieldError("eventTypes");
  return (
    <form onSubmit={submit} className="max-w-2xl space-y-5" noValidate>
      {failure ? <Alert tone="error">{typeof failure === "string" ? failure : failure.message}</Alert> : null}
      <TextField
        label="Name (optional)"
        name="name"
        maxLength={100}
        value={name}
        onChange={(e) => setName(e.target.value)}
        placeholder="Billing service"
        errors={fieldError("name")}
        hint="What you call this endpoint here; without one, it goes by its URL."
      />
      <TextField
        label="URL"
        name="url"
        type="url"
        required
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        placeholder="https://example.com/webhooks"
        errors={fieldError("url")}
        hint="An https URL of yours that answers 2xx when it has the webhook."
      />
      <TextField
        label="Description"
        name="description"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        errors={fieldError("description")}
      />
      <TextField
        label="Tags (optional)"
        name="tags"
        value={tags}
        onChange={(e) => setTags(e.target.value)}
        placeholder="billing, env:prod"
        errors={fieldError("tags")}
        hint="Up to 10, comma-separated: lower-case letters, digits and _ . : -"
      />
      <fieldset className="space-y-2" aria-describedby={typesError?.length ? "eventTypes-error" : undefined}>
        <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Event types</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={all} onChange={() => setEventTypes(all ? [] : ["*"])} />
          All event types, including ones added later
        </label>
        {catalog.error ? <LoadError error={catalog.error} /> : null}
        {catalog.loading ? <Loading what="event types" /> : null}
        {catalog.data && catalog.data.data.length === 0 ? <p className="text-sm text-zinc-600 dark:text-zinc-400">No event types are described yet.</p> : null}
        <ul className="divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {catalog.data?.data.map((type) => (
            <li key={type.name} className="px-3 py-2">
              <label className="flex items-start gap-2 text-sm">
                <input type="checkbox" className="mt-1" disabled={all} checked={all || eventTypes.includes(type.name)} onChange={() => toggle(type.name)} />
                <span>
                  <span className="font-mono font-medium">{type.name}</span>
                  {type.description ? <span className="block text-zinc-600 dark:text-zinc-400">{type.description}</span> : null}
                </span>
              </label>
              {type.schema || type.example ? (
                <details className="mt-1 ml-6 text-sm">
                  <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">Schema and example</summary>
                  {type.schema ? <JsonBlock value={type.schema} /> : null}
                  {type.example ? <JsonBlock value={type.example} /> : null}
                </details>
              ) : null}
            </li>
          ))}
        </ul>
        {eventTypes.filter((name) => name !== "*" && !catalog.data?.data.some((t) => t.name === name)).length ? (
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            Also subscribed: {eventTypes.filter((name) => name !== "*" && !catalog.data?.data.some((t) => t.name === name)).join(", ")}
          </p>
        ) : null}
        {typesError?.length ? (
          <p id="eventTypes-error" className="text-xs text-red-700 dark:text-red-400">
            {typesError.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <div className="space-y-1">
        <label htmlFor="headers" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Custom headers
        </label>
        <textarea
          id="headers"
          rows={3}
          value={headers}
          onChange={(e) => setHeaders(e.target.value)}
          placeholder="Authorization: Bearer …"
          className={`${inputClass} font-mono`}
          aria-describedby="headers-hint"
        />
        <p id="headers-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
          {fieldError("headers")?.join(" ") || 'One "Name: value" a line, sent with every webhook.'}
        </p>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Rate limit (requests per second)"
          name="rateLimit"
          type="number"
          min={1}
          max={10000}
          value={rateLimit}
          onChange={(e) => setRateLimit(e.target.value)}
          errors={fieldError("rateLimit")}
          hint="Empty for no limit."
        />
        <TextField
          label="Timeout (seconds)"
          name="timeoutSeconds"
          type="number"
          min={1}
          max={30}
          value={timeoutSeconds}
          onChange={(e) => setTimeoutSeconds(e.target.value)}
          errors={fieldError("timeoutMs")}
          hint="1 to 30 seconds."
        />
      </div>
      <div className="flex flex-wrap gap-2">
        <AccentButton type="submit" disabled={saving}>
          {saving ? "Saving…" : endpoint ? "Save endpoint" : "Create endpoint"}
        </AccentButton>
        <Link
          href={endpoint ? `/portal/${workspaceId}/endpoints/${endpoint.id}` : `/portal/${workspaceId}`}
          className="rounded-md px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          Cancel
        </Link>
      </div>
    </form>
  );
}
