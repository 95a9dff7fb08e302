import type { Metadata } from "next";
import Link from "next/link";
import { AttemptChart } from "@/components/charts/attempt-chart";
import { LatencyChart } from "@/components/charts/latency-chart";
import { BackLink } from "@/components/console/back-link";
import { TenantLine } from "@/components/console/tenant-link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { VerificationSnippets } from "@/components/verifying-signatures";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { idOrNotFound, orNotFound } from "@/lib/console/or-not-found";
import { parseSearchParams, type SearchParams } from "@/lib/console/search-params";
import { listDeliveries } from "@/lib/deliveries/queries";
import { recentTestSends } from "@/lib/deliveries/send-test-event";
import { endpointHealth } from "@/lib/endpoints/endpoint-health";
import { getEndpoint, headerValuesFor } from "@/lib/endpoints/endpoints";
import { eventTypeCatalog } from "@/lib/event-types/event-types";
import { deliveryStats } from "@/lib/stats/stats";
import { tenantLabels } from "@/lib/tenants/labels";
import { formatRelativeTime } from "@/lib/time/relative";
import { statusTone } from "../../deliveries/_components/status-tone";
import { DeleteEndpoint, EnableToggle } from "../_components/endpoint-controls";
import { EndpointForm } from "../_components/endpoint-form";
import { EndpointStatus, HealthBadge } from "../_components/endpoint-status";
import { EndpointTags } from "../_components/endpoint-tags";
import { RecoverPanel } from "../_components/recover-panel";
import { SecretPanel } from "../_components/secret-panel";
import { TestEventPanel } from "../_components/test-event-panel";
import { updateEndpointAction } from "../actions";
import { endpointSearch } from "../search-params";

export const metadata: Metadata = { title: "Endpoint" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };

export default async function EndpointPage({ params, searchParams }: Props) {
  const { workspace, role } = await requireConsoleContext();
  const id = idOrNotFound("ep", (await params).id);
  const { created } = parseSearchParams(endpointSearch, await searchParams).values;
  const endpoint = await orNotFound(getEndpoint(workspace.id, id, headerValuesFor(role)));
  const [catalog, testSends, labels, healthById, stats, recent] = await Promise.all([
    eventTypeCatalog(workspace.id),
    recentTestSends(workspace.id, endpoint.id),
    tenantLabels(workspace.id, [endpoint.tenantId]),
    endpointHealth(workspace.id, [endpoint.id]),
    deliveryStats(workspace.id, { endpointId: endpoint.id, bucket: "hour" }),
    listDeliveries(workspace.id, { endpointId: endpoint.id, limit: 10 }),
  ]);
  const health = healthById.get(endpoint.id);
  const tenant = endpoint.tenantId ? labels.get(endpoint.tenantId) : undefined;
  const canManage = hasRole(role, "admin");
  const label = endpoint.name ?? endpoint.url;
  return (
    <div className="max-w-4xl space-y-6">
      <header className="space-y-2">
        <BackLink href="/endpoints">Endpoints</BackLink>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="min-w-0 truncate text-2xl font-semibold tracking-tight">{label}</h1>
          <EndpointStatus enabled={endpoint.enabled} disabledReason={endpoint.disabledReason} />
          {health ? <HealthBadge state={health.state} reason={health.reason} /> : null}
          {canManage ? <EnableToggle endpointId={endpoint.id} enabled={endpoint.enabled} label={label} /> : null}
        </div>
        {endpoint.name ? <p className="break-all font-mono text-sm text-zinc-600 dark:text-zinc-400">{endpoint.url}</p> : null}
        <EndpointTags tags={endpoint.tags} />
        <TenantLine tenantId={endpoint.tenantId} label={tenant} />
        <Link href={`/deliveries?endpointId=${endpoint.id}`} className="text-sm text-teal-800 hover:underline dark:text-teal-300">
          See this endpoint&apos;s deliveries →
        </Link>
      </header>
      {created ? <Alert tone="success">Endpoint created. Reveal its signing secret below and configure your receiver with it.</Alert> : null}
      <Card title="Overview" description="The last 24 hours of attempts, and the deliveries waiting for another.">
        <dl className="grid grid-cols-1 gap-4 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-zinc-500">Health</dt>
            <dd data-testid="endpoint-health-reason">{health?.reason ?? "—"}</dd>
          </div>
          <div>
            <dt className="text-zinc-500">Attempt success rate</dt>
            <dd className="text-xl font-semibold tabular-nums" data-testid="endpoint-attempt-success-rate">
              {stats.attempts.successRate === null ? "—" : `${(Math.floor(stats.attempts.successRate * 1000) / 10).toFixed(1)} %`}
            </dd>
            <dd className="text-xs text-zinc-500">
              {stats.attempts.succeeded.toLocaleString()} of {stats.attempts.total.toLocaleString()} attempts answered 2xx
            </dd>
          </div>
          <div>
            <dt className="text-zinc-500">Retrying now</dt>
            <dd className="text-xl font-semibold tabular-nums" data-testid="endpoint-retrying-now">
              <Link
                href={`/deliveries?${new URLSearchParams({ endpointId: endpoint.id, status: "retrying" })}`}
                className="text-teal-800 hover:underline dark:text-teal-300"
              >
                {stats.retryingNow.toLocaleString()}
              </Link>
            </dd>
          </div>
        </dl>
        <div className="mt-4 grid grid-cols-1 gap-6 lg:grid-cols-2">
          <div>
            <h3 className="mb-2 text-sm font-medium">Attempts</h3>
            <AttemptChart series={stats.attemptSeries} bucket={stats.bucket} />
          </div>
          <div>
            <h3 className="mb-2 text-sm font-medium">Latency</h3>
            <LatencyChart series={stats.latencySeries} bucket={stats.bucket} />
          </div>
        </div>
        <h3 className="mt-6 mb-2 text-sm font-medium">Recent deliveries</h3>
        {recent.data.length === 0 ? (
          <p className="text-sm text-zinc-500">No deliveries yet.</p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="recent-deliveries">
            {recent.data.map((delivery) => (
              <li key={delivery.id} className="flex flex-wrap items-center gap-2">
                <Badge tone={statusTone[delivery.status]}>{delivery.status}</Badge>
                <Link href={`/deliveries/${delivery.id}`} className="font-mono text-xs text-teal-800 hover:underline dark:text-teal-300">
                  {delivery.eventType}
                </Link>
                <time dateTime={delivery.createdAt.toISOString()} className="text-zinc-500">
                  {formatRelativeTime(delivery.createdAt)}
                </time>
                <span className="text-zinc-500">
                  {delivery.attemptCount} attempt{delivery.attemptCount === 1 ? "" : "s"}
                </span>
                {delivery.lastError ? <span className="truncate text-red-700 dark:text-red-400">{delivery.lastError}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Signing secret" description="Receivers verify each request with it (Standard Webhooks).">
        <SecretPanel endpointId={endpoint.id} canManage={canManage} />
      </Card>
      <Card
        title="Verifying signatures"
        description="Give your receiver the signing secret, then check every request with the Standard Webhooks library of its language, on the raw body exactly as received. The portal shows your customers the same code."
      >
        <VerificationSnippets />
      </Card>
      {canManage ? (
        <Card title="Send a test event" description="Sends one signed request now and shows the answer. It is recorded in the history as a test attempt.">
          <TestEventPanel endpointId={endpoint.id} catalog={catalog} />
        </Card>
      ) : null}
      <Card title="Recent test sends" description="Each test is a delivery in the history whose attempt has trigger “test”.">
        {testSends.length === 0 ? (
          <p className="text-sm text-zinc-500">No test event sent yet.</p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="test-sends">
            {testSends.map((send) => (
              <li key={send.id} className="flex flex-wrap items-center gap-2">
                <Badge tone={send.error ? "red" : "green"}>{send.responseStatus ?? "no response"}</Badge>
                <Badge tone="gray">test</Badge>
                {send.deliveryId ? (
                  <Link href={`/deliveries/${send.deliveryId}`} className="hover:underline">
                    {send.createdAt.toLocaleString()}
                  </Link>
                ) : (
                  <span>{send.createdAt.toLocaleString()}</span>
                )}
                <span className="text-zinc-500">{send.durationMs} ms</span>
                {send.error ? <span className="text-red-700 dark:text-red-400">{send.error}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {canManage ? (
        <Card title="Recover" description="After an outage: send again every delivery to this endpoint that has not succeeded since a time.">
          <RecoverPanel endpointId={endpoint.id} />
        </Card>
      ) : null}
      <Card title="Settings">
        {canManage ? (
          <EndpointForm
            action={updateEndpointAction}
            endpointId={endpoint.id}
            initial={endpoint}
            tenant={tenant}
            catalog={catalog.map((t) => t.name)}
            submitLabel="Save changes"
          />
        ) : (
          <dl className="grid grid-cols-[10rem_minmax(0,1fr)] gap-2 text-sm">
            <dt className="text-zinc-500">Event types</dt>
            <dd>{endpoint.eventTypes.join(", ")}</dd>
            <dt className="text-zinc-500">Timeout</dt>
            <dd>{endpoint.timeoutMs} ms</dd>
            <dt className="text-zinc-500">Rate limit</dt>
            <dd>{endpoint.rateLimit ? `${endpoint.rateLimit}/s` : "None"}</dd>
            <dt className="text-zinc-500">Custom headers</dt>
            <dd data-testid="custom-headers">
              {Object.keys(endpoint.headers).length === 0 ? (
                "None"
              ) : (
                <ul className="font-mono text-xs">
                  {Object.entries(endpoint.headers).map(([name, value]) => (
                    <li key={name}>
                      {name}: <span className="text-zinc-500">{value}</span>
                    </li>
                  ))}
                </ul>
              )}
              <p className="text-xs text-zinc-500">Values are shown to admins only.</p>
            </dd>
          </dl>
        )}
      </Card>
      {canManage ? (
        <Card title="Delete" description="Removes the endpoint and its history.">
          <DeleteEndpoint endpointId={endpoint.id} label={label} />
        </Card>
      ) : null}
    </div>
  );
}
