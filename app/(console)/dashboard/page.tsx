import type { Metadata } from "next";
import Link from "next/link";
import { AttemptChart } from "@/components/charts/attempt-chart";
import { LatencyChart } from "@/components/charts/latency-chart";
import { OutcomeChart } from "@/components/charts/outcome-chart";
import { ResponseClasses } from "@/components/charts/response-classes";
import { EndpointFilter } from "@/components/console/endpoint-filter";
import { TenantFilter } from "@/components/console/tenant-filter";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireConsoleContext } from "@/lib/auth/session";
import { refusable } from "@/lib/console/refusable";
import { parseSearchParams, type SearchParams } from "@/lib/console/search-params";
import { TIME_RANGE_MS, timeRange } from "@/lib/console/time-ranges";
import { listEndpoints } from "@/lib/endpoints/endpoints";
import { deliveryStats, targetHosts } from "@/lib/stats/stats";
import { tenantLabel, tenantLabels } from "@/lib/tenants/labels";
import { IgnoredSearchParams } from "../_components/ignored-search-params";
import { searchTenantsAction } from "../_components/tenant-search-action";
import { GetStarted } from "./_components/get-started";
import { dashboardSearch } from "./search-params";

export const metadata: Metadata = { title: "Dashboard" };

function Stat({ label, value, testId, hint, href }: { label: string; value: string; testId: string; hint?: string; href?: string }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <p className="text-xs font-medium uppercase tracking-wide text-zinc-600 dark:text-zinc-400">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid={testId}>
        {href ? (
          <Link href={href} className="text-teal-800 hover:underline dark:text-teal-300">
            {value}
          </Link>
        ) : (
          value
        )}
      </p>
      {hint ? <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{hint}</p> : null}
    </div>
  );
}

/** A card's row of smaller figures, above its chart. */
function Figures({ figures }: { figures: { label: string; value: string; testId: string; hint?: string }[] }) {
  return (
    <dl className="mb-4 grid grid-cols-2 gap-x-4 gap-y-3 text-sm sm:grid-cols-3 lg:grid-cols-6">
      {figures.map((figure) => (
        <div key={figure.testId} title={figure.hint}>
          <dt className="text-zinc-600 dark:text-zinc-400">{figure.label}</dt>
          <dd className="text-lg font-semibold tabular-nums" data-testid={figure.testId}>
            {figure.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

// Rounded down: 99.97 % of attempts is not 100.0 %.
const percent = (value: number | null) => (value === null ? "—" : `${(Math.floor(value * 1000) / 10).toFixed(1)} %`);
const ms = (value: number | null) => (value === null ? "—" : `${value.toLocaleString("en")} ms`);
const count = (value: number) => value.toLocaleString("en");

/**
 * The dashboard's figures and charts for the range and filters chosen: first what needs the
 * operator now (attempts failing, deliveries retrying, endpoints failing), then the range's
 * deliveries, attempts and latency, each card's figures above its chart.
 */
function Health({
  stats,
  hosts,
  tenantId,
}: {
  stats: Awaited<ReturnType<typeof deliveryStats>>;
  hosts: Awaited<ReturnType<typeof targetHosts>>;
  tenantId?: string;
}) {
  const tenantQuery: Record<string, string> = tenantId ? { tenant: tenantId } : {};
  return (
    <>
      <div className="mb-6 grid grid-cols-1 gap-4 sm:grid-cols-3">
        <Stat
          label="Attempt success rate"
          value={percent(stats.attempts.successRate)}
          testId="stat-attempt-success-rate"
          hint={`${count(stats.attempts.succeeded)} of ${count(stats.attempts.total)} attempts answered 2xx`}
        />
        <Stat
          label="Retrying now"
          value={count(stats.retryingNow)}
          testId="stat-retrying-now"
          hint="Deliveries whose last attempt failed, waiting for the next"
          href={`/deliveries?${new URLSearchParams({ ...tenantQuery, status: "retrying" })}`}
        />
        <Stat
          label="Failing endpoints"
          value={count(stats.failingEndpoints)}
          testId="stat-failing-endpoints"
          hint="Endpoints whose last attempts all failed"
          href={`/endpoints?${new URLSearchParams({ ...tenantQuery, health: "failing" })}`}
        />
      </div>

      <div className="mb-6">
        <Card title="Deliveries" description="Deliveries created in each period, by their outcome now.">
          <Figures
            figures={[
              { label: "Succeeded", value: count(stats.totals.succeeded), testId: "stat-succeeded" },
              { label: "Failed", value: count(stats.totals.failed), testId: "stat-failed" },
              { label: "Retrying", value: count(stats.totals.retrying), testId: "stat-retrying" },
              { label: "Pending", value: count(stats.totals.pending), testId: "stat-pending" },
              { label: "Success rate", value: percent(stats.successRate), testId: "stat-success-rate", hint: "Of deliveries whose retries are over" },
              {
                label: "Attempts per delivery",
                value: stats.attemptsPerDelivery === null ? "—" : stats.attemptsPerDelivery.toFixed(2),
                testId: "stat-attempts",
              },
            ]}
          />
          <OutcomeChart series={stats.series} bucket={stats.bucket} />
        </Card>
      </div>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Card title="Attempts" description="Every request sent, by how the endpoint answered: its status class, a timeout, or no connection (refused).">
          <AttemptChart series={stats.attemptSeries} bucket={stats.bucket} />
        </Card>
        <Card title="Responses" description="The range's attempts by response, and the status codes in each class.">
          <ResponseClasses counts={stats.statusClasses} codes={stats.statusCodes} />
        </Card>
        <Card title="Top failing endpoints">
          {stats.topFailingEndpoints.length === 0 ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">No failed or retrying deliveries in this range.</p>
          ) : (
            <ol className="space-y-2 text-sm">
              {stats.topFailingEndpoints.map((endpoint) => (
                <li key={endpoint.endpointId} className="flex justify-between gap-4">
                  <Link href={`/endpoints/${endpoint.endpointId}`} className="min-w-0 truncate text-teal-800 hover:underline dark:text-teal-300">
                    {endpoint.url}
                  </Link>
                  <span className="shrink-0 tabular-nums">
                    {[endpoint.failed ? `${endpoint.failed} failed` : "", endpoint.retrying ? `${endpoint.retrying} retrying` : ""].filter(Boolean).join(" · ")}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </Card>
        <Card
          title="Target hosts"
          description={`Distinct hosts the enabled endpoints ${tenantId ? "of the whole workspace " : ""}point at, now. Every endpoint on a host gets its own copy of each event, so many on one host multiply its load.`}
        >
          <p className="text-2xl font-semibold tabular-nums" data-testid="stat-target-hosts">
            {count(hosts.distinct)}
          </p>
          {hosts.top.length === 0 ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">No enabled endpoints.</p>
          ) : (
            <ol className="mt-3 space-y-2 text-sm" aria-label="Hosts with the most endpoints">
              {hosts.top.map((host) => (
                <li key={host.host} className="flex justify-between gap-4">
                  <span className="min-w-0 truncate font-mono">{host.host}</span>
                  <span className="shrink-0 tabular-nums">
                    {host.endpoints} endpoint{host.endpoints === 1 ? "" : "s"}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </Card>
        <div className="xl:col-span-2">
          <Card title="Latency" description="How long endpoints took to answer, at the 50th, 95th and 99th percentiles.">
            <Figures
              figures={[
                { label: "p50", value: ms(stats.latencyMs.p50), testId: "stat-p50" },
                { label: "p95", value: ms(stats.latencyMs.p95), testId: "stat-p95" },
                { label: "p99", value: ms(stats.latencyMs.p99), testId: "stat-p99" },
              ]}
            />
            <LatencyChart series={stats.latencySeries} bucket={stats.bucket} />
          </Card>
        </div>
      </div>
    </>
  );
}

export default async function DashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { workspace } = await requireConsoleContext();
  const {
    values: { range, tenant: tenantRef, endpointId },
    ignored,
  } = parseSearchParams(dashboardSearch, await searchParams);
  const tenantChoice = await refusable(async () => (tenantRef ? tenantLabel(workspace.id, tenantRef) : undefined));
  const tenant = tenantChoice.ok ? tenantChoice.value : undefined;
  const to = new Date();
  const [measured, endpointPage, hosts] = await Promise.all([
    tenantChoice.ok
      ? refusable(() =>
          deliveryStats(workspace.id, {
            from: new Date(to.getTime() - TIME_RANGE_MS[range]).toISOString(),
            to: to.toISOString(),
            tenant: tenant?.id,
            endpointId,
          }),
        )
      : tenantChoice,
    listEndpoints(workspace.id, { limit: 100, tenant: tenant?.id }, "redacted"),
    targetHosts(workspace.id),
  ]);
  // A tenant's endpoints need no tenant beside their URL.
  const labels = await tenantLabels(workspace.id, tenant ? [] : endpointPage.data.map((e) => e.tenantId));
  // The filters as parsed, for the range links.
  const filters = { ...(tenant ? { tenant: tenant.id } : {}), ...(endpointId ? { endpointId } : {}) };
  return (
    <>
      <PageHeader title="Dashboard" description={tenant ? `Delivery health for the tenant ${tenant.key}.` : "Delivery health for this workspace."} />
      <GetStarted workspaceId={workspace.id} />
      <IgnoredSearchParams names={ignored} />
      <form method="get" className="mb-6 flex flex-wrap items-end gap-3" aria-label="Dashboard range">
        <nav aria-label="Time range" className="flex gap-1 rounded-lg bg-zinc-100 p-1 dark:bg-zinc-900">
          {timeRange.options.map((key) => (
            <Link
              key={key}
              href={`/dashboard?${new URLSearchParams({ range: key, ...filters })}`}
              aria-current={key === range ? "page" : undefined}
              className={`rounded-md px-3 py-1 text-sm font-medium ${key === range ? "bg-white shadow-xs dark:bg-zinc-800" : "text-zinc-600 dark:text-zinc-400"}`}
            >
              {key}
            </Link>
          ))}
        </nav>
        <input type="hidden" name="range" value={range} />
        <div className="w-full sm:w-64">
          <TenantFilter searchTenants={searchTenantsAction} selected={tenant} visibleLabel={false} />
        </div>
        {/* A fixed width, or the longest URL would widen the select past a phone's screen. */}
        <div className="w-full sm:w-72">
          <EndpointFilter
            endpoints={endpointPage.data.map((e) => ({ id: e.id, url: e.url, tenantKey: e.tenantId ? labels.get(e.tenantId)?.key : undefined }))}
            selected={endpointId}
            anyLabel="All endpoints"
            visibleLabel={false}
          />
        </div>
        <button type="submit" className={buttonClass("secondary")}>
          Show
        </button>
      </form>

      {measured.ok ? <Health stats={measured.value} hosts={hosts} tenantId={tenant?.id} /> : <Alert tone="error">{measured.refusal}</Alert>}
    </>
  );
}
