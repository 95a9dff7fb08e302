"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { LatencyChart } from "@/components/charts/latency-chart";
import { OutcomeChart } from "@/components/charts/outcome-chart";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { inputClass, SelectField } from "@/components/ui/field";
import type { Page, PortalEndpoint, PortalEventType, PortalStats, TestSendResult } from "./api-types";
import { DeliveryLog } from "./delivery-log";
import { PortalApiError, usePortal, usePortalQuery } from "./portal-session";
import { AccentButton, accentButtonClass, LoadError, Loading, PageTitle, ReadOnlyNote, ScrollingPre, Section } from "./portal-ui";

const failureMessage = (caught: unknown) => (caught instanceof PortalApiError ? caught.message : "Something went wrong. Try again.");

export function EndpointPage({ endpointId, created }: { endpointId: string; created: boolean }) {
  const { session } = usePortal();
  const { data: endpoint, error, reload } = usePortalQuery<PortalEndpoint>(`/api/v1/endpoints/${encodeURIComponent(endpointId)}`);
  if (error) return <LoadError error={error} />;
  if (!endpoint) return <Loading what="the endpoint" />;
  return (
    <>
      <PageTitle title={endpoint.url} description={endpoint.description || undefined}>
        {endpoint.enabled ? <Badge tone="green">enabled</Badge> : <Badge tone="gray">disabled</Badge>}
      </PageTitle>
      {created ? <Alert tone="success">Endpoint created.</Alert> : null}
      {!endpoint.enabled && endpoint.disabledReason ? <Alert tone="info">Disabled: {endpoint.disabledReason}</Alert> : null}
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_minmax(0,1fr)]">
        <dt className="text-zinc-600 dark:text-zinc-400">Event types</dt>
        <dd className="font-mono">{endpoint.eventTypes.join(", ")}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Custom headers</dt>
        <dd className="font-mono break-all">
          {Object.keys(endpoint.headers).length
            ? Object.entries(endpoint.headers)
                .map(([name, value]) => `${name}: ${value}`)
                .join("; ")
            : "none"}
        </dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Timeout</dt>
        <dd>{endpoint.timeoutMs / 1000} s</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Rate limit</dt>
        <dd>{endpoint.rateLimit ? `${endpoint.rateLimit} per second` : "none"}</dd>
      </dl>
      {session.readOnly ? (
        <ReadOnlyNote>Editing, the signing secret and test events need a link that can make changes.</ReadOnlyNote>
      ) : (
        <EndpointControls endpoint={endpoint} onChange={reload} />
      )}
      {session.readOnly ? null : <SecretPanel endpointId={endpoint.id} />}
      {session.readOnly ? null : <TestPanel endpointId={endpoint.id} eventTypes={endpoint.eventTypes} />}
      <HealthPanel endpointId={endpoint.id} />
      {session.readOnly ? null : <RecoverPanel endpointId={endpoint.id} />}
      <Section title="Deliveries" description="What was sent to this endpoint, newest first.">
        <DeliveryLog endpointId={endpoint.id} />
      </Section>
    </>
  );
}

function EndpointControls({ endpoint, onChange }: { endpoint: PortalEndpoint; onChange: () => void }) {
  const { workspaceId, api } = usePortal();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  async function run(action: () => Promise<unknown>, after: () => void) {
    setBusy(true);
    setFailure(undefined);
    try {
      await action();
      after();
    } catch (caught) {
      setFailure(failureMessage(caught));
    } finally {
      setBusy(false);
    }
  }
  const path = `/api/v1/endpoints/${endpoint.id}`;
  return (
    <div className="space-y-2">
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      <div className="flex flex-wrap gap-2">
        <Link href={`/portal/${workspaceId}/endpoints/${endpoint.id}/edit`} className={accentButtonClass}>
          Edit
        </Link>
        <Button variant="secondary" disabled={busy} onClick={() => run(() => api(path, { method: "PATCH", body: { enabled: !endpoint.enabled } }), onChange)}>
          {endpoint.enabled ? "Disable" : "Enable"}
        </Button>
        {confirming ? (
          <span className="flex flex-wrap items-center gap-2 text-sm">
            Delete this endpoint and its history?
            <Button
              variant="danger"
              disabled={busy}
              onClick={() =>
                run(
                  () => api(path, { method: "DELETE" }),
                  () => router.push(`/portal/${workspaceId}`),
                )
              }
            >
              Yes, delete
            </Button>
            <Button variant="ghost" onClick={() => setConfirming(false)}>
              Keep it
            </Button>
          </span>
        ) : (
          <Button variant="ghost" onClick={() => setConfirming(true)}>
            Delete…
          </Button>
        )}
      </div>
    </div>
  );
}

type Secret = { secret: string; previousSecret: string | null; previousSecretExpiresAt: string | null };

const GRACE_PERIODS = [
  { seconds: 0, label: "None: the old secret stops now" },
  { seconds: 3600, label: "1 hour" },
  { seconds: 86_400, label: "24 hours" },
  { seconds: 7 * 86_400, label: "7 days" },
];

function SecretPanel({ endpointId }: { endpointId: string }) {
  const { api } = usePortal();
  const [secret, setSecret] = useState<Secret>();
  const [grace, setGrace] = useState("86400");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string }>();
  async function reveal() {
    setBusy(true);
    try {
      setSecret(await api<Secret>(`/api/v1/endpoints/${endpointId}/secret`));
      setMessage(undefined);
    } catch (caught) {
      setMessage({ tone: "error", text: failureMessage(caught) });
    } finally {
      setBusy(false);
    }
  }
  async function rotate() {
    setBusy(true);
    try {
      const rotated = await api<{ secret: string; previousSecretExpiresAt: string | null }>(`/api/v1/endpoints/${endpointId}/secret/rotate`, {
        method: "POST",
        body: { graceSeconds: Number(grace) },
      });
      setSecret({ secret: rotated.secret, previousSecret: null, previousSecretExpiresAt: rotated.previousSecretExpiresAt });
      setMessage({
        tone: "success",
        text:
          Number(grace) > 0 && rotated.previousSecretExpiresAt
            ? `Secret rotated. The old one keeps signing too until ${new Date(rotated.previousSecretExpiresAt).toLocaleString()}.`
            : "Secret rotated. The old one no longer signs.",
      });
    } catch (caught) {
      setMessage({ tone: "error", text: failureMessage(caught) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Section title="Signing secret" description="Every webhook is signed with this secret; check the signature before trusting a request.">
      <div className="space-y-3">
        {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
        {secret ? (
          <div className="flex flex-wrap items-center gap-2">
            <code data-testid="signing-secret" className="break-all rounded bg-zinc-100 px-2 py-1 text-xs dark:bg-zinc-800">
              {secret.secret}
            </code>
            <CopyButton value={secret.secret} label="Copy secret" />
          </div>
        ) : (
          <Button variant="secondary" disabled={busy} onClick={reveal}>
            Reveal secret
          </Button>
        )}
        <div className="flex flex-wrap items-end gap-2">
          <div className="w-64 max-w-full">
            <SelectField label="Old secret keeps working for" name="graceSeconds" value={grace} onChange={(e) => setGrace(e.target.value)}>
              {GRACE_PERIODS.map((period) => (
                <option key={period.seconds} value={period.seconds}>
                  {period.label}
                </option>
              ))}
            </SelectField>
          </div>
          <Button variant="secondary" disabled={busy} onClick={rotate}>
            Rotate secret
          </Button>
        </div>
      </div>
    </Section>
  );
}

function TestPanel({ endpointId, eventTypes }: { endpointId: string; eventTypes: string[] }) {
  const { api } = usePortal();
  const catalog = usePortalQuery<Page<PortalEventType>>("/api/v1/event-types?limit=100");
  const [eventType, setEventType] = useState("");
  const [result, setResult] = useState<TestSendResult>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const choices = catalog.data?.data.map((t) => t.name).filter((name) => eventTypes.includes("*") || eventTypes.includes(name)) ?? [];
  async function send() {
    setBusy(true);
    setFailure(undefined);
    try {
      setResult(await api<TestSendResult>(`/api/v1/endpoints/${endpointId}/test`, { method: "POST", body: eventType ? { eventType } : {} }));
    } catch (caught) {
      setFailure(failureMessage(caught));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Section title="Send a test event" description="Sends one signed webhook now and shows what your endpoint answered.">
      <div className="space-y-3">
        <div className="flex flex-wrap items-end gap-2">
          <div className="w-64 max-w-full">
            <SelectField label="Event type" name="testEventType" value={eventType} onChange={(e) => setEventType(e.target.value)}>
              <option value="">A generic test event</option>
              {choices.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </SelectField>
          </div>
          <AccentButton disabled={busy} onClick={send}>
            {busy ? "Sending…" : "Send test event"}
          </AccentButton>
        </div>
        {failure ? <Alert tone="error">{failure}</Alert> : null}
        {result ? (
          <div data-testid="test-result" className="space-y-2 text-sm" role="status">
            <p>
              {result.succeeded ? <Badge tone="green">succeeded</Badge> : <Badge tone="red">failed</Badge>}{" "}
              <span>
                {result.status === null ? "No response" : `HTTP ${result.status}`} in {result.durationMs} ms
              </span>
            </p>
            {result.error ? <p className="text-red-700 dark:text-red-400">{result.error}</p> : null}
            {result.responseBody ? (
              <ScrollingPre className="max-h-64">
                {result.responseBodyBinary ? "(binary response) " : ""}
                {result.responseBody}
              </ScrollingPre>
            ) : null}
          </div>
        ) : null}
      </div>
    </Section>
  );
}

function HealthPanel({ endpointId }: { endpointId: string }) {
  const [range, setRange] = useState("24h");
  const hours = range === "7d" ? 168 : 24;
  // The range is fixed when chosen, so re-renders do not refetch a moving window.
  const [from, setFrom] = useState(() => new Date(Date.now() - hours * 3_600_000).toISOString());
  const { data, error } = usePortalQuery<PortalStats>(`/api/v1/stats?endpointId=${encodeURIComponent(endpointId)}&from=${encodeURIComponent(from)}`);
  return (
    <Section title="Health" description="Success rate and response time of this endpoint.">
      <div className="space-y-4">
        <div className="w-48">
          <SelectField
            label="Range"
            name="healthRange"
            value={range}
            onChange={(e) => {
              setRange(e.target.value);
              setFrom(new Date(Date.now() - (e.target.value === "7d" ? 168 : 24) * 3_600_000).toISOString());
            }}
          >
            <option value="24h">Last 24 hours</option>
            <option value="7d">Last 7 days</option>
          </SelectField>
        </div>
        {error ? <LoadError error={error} /> : null}
        {!data && !error ? <Loading what="health" /> : null}
        {data ? (
          <>
            <p className="text-sm">
              Success rate: <strong>{data.successRate === null ? "no finished deliveries" : `${(data.successRate * 100).toFixed(1)}%`}</strong>
              {data.latencyMs.p50 !== null ? ` · p50 ${data.latencyMs.p50} ms · p95 ${data.latencyMs.p95} ms` : ""}
            </p>
            <OutcomeChart series={data.series} bucket={data.bucket} />
            <LatencyChart series={data.latencySeries} bucket={data.bucket} />
          </>
        ) : null}
      </div>
    </Section>
  );
}

function RecoverPanel({ endpointId }: { endpointId: string }) {
  const { api } = usePortal();
  const [since, setSince] = useState("");
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string }>();
  const [busy, setBusy] = useState(false);
  async function recover(event: React.FormEvent) {
    event.preventDefault();
    const time = new Date(since);
    if (!since || Number.isNaN(time.getTime())) return setMessage({ tone: "error", text: "Choose a date and time." });
    setBusy(true);
    try {
      const { count } = await api<{ count: number }>(`/api/v1/endpoints/${endpointId}/recover`, { method: "POST", body: { since: time.toISOString() } });
      setMessage({ tone: "success", text: count === 1 ? "1 failed delivery is being sent again." : `${count} failed deliveries are being sent again.` });
    } catch (caught) {
      setMessage({ tone: "error", text: failureMessage(caught) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Section title="Recover failed deliveries" description="After an outage, send again every delivery to this endpoint that failed since a time.">
      <form onSubmit={recover} className="flex flex-wrap items-end gap-2" noValidate>
        <div className="space-y-1">
          <label htmlFor="recoverSince" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
            Failed since
          </label>
          <input id="recoverSince" type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} className={inputClass} />
        </div>
        <Button type="submit" variant="secondary" disabled={busy}>
          Recover
        </Button>
      </form>
      {message ? (
        <div className="mt-3">
          <Alert tone={message.tone}>{message.text}</Alert>
        </div>
      ) : null}
    </Section>
  );
}
