import type { Metadata } from "next";
import Link from "next/link";
import { Sparkline } from "@/components/charts/sparkline";
import { TenantFilter } from "@/components/console/tenant-filter";
import { TenantLink } from "@/components/console/tenant-link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { refusable } from "@/lib/console/refusable";
import { parseSearchParams, type SearchParams } from "@/lib/console/search-params";
import { endpointHealth } from "@/lib/endpoints/endpoint-health";
import { listEndpoints } from "@/lib/endpoints/endpoints";
import { tenantLabel, tenantLabels } from "@/lib/tenants/labels";
import { formatRelativeTime } from "@/lib/time/relative";
import { IgnoredSearchParams } from "../_components/ignored-search-params";
import { searchTenantsAction } from "../_components/tenant-search-action";
import { EndpointStatus, HealthBadge } from "./_components/endpoint-status";
import { endpointsSearch } from "./search-params";

export const metadata: Metadata = { title: "Endpoints" };

export default async function EndpointsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { workspace, role } = await requireConsoleContext();
  const {
    values: { tenant: tenantRef, health: healthFilter, cursor },
    ignored,
  } = parseSearchParams(endpointsSearch, await searchParams);
  const tenantChoice = await refusable(async () => (tenantRef ? tenantLabel(workspace.id, tenantRef) : undefined));
  const tenant = tenantChoice.ok ? tenantChoice.value : undefined;
  const failing = healthFilter === "failing";
  const listed = tenantChoice.ok
    ? await refusable(() => listEndpoints(workspace.id, { limit: 50, cursor, tenant: tenant?.id, failing }, "redacted"))
    : tenantChoice;
  const page = listed.ok ? listed.value : { data: [], nextCursor: null };
  const [health, labels] = await Promise.all([
    endpointHealth(
      workspace.id,
      page.data.map((endpoint) => endpoint.id),
    ),
    tenantLabels(
      workspace.id,
      page.data.map((endpoint) => endpoint.tenantId),
    ),
  ]);
  const filters = { ...(tenant ? { tenant: tenant.id } : {}), ...(failing ? { health: "failing" } : {}) };
  const canManage = hasRole(role, "admin");
  return (
    <>
      <div className="flex items-start justify-between gap-4">
        <PageHeader title="Endpoints" description="The URLs that receive your events, signed with Standard Webhooks." />
        {canManage ? (
          <Link href={tenant ? `/endpoints/new?tenant=${tenant.id}` : "/endpoints/new"} className={buttonClass("primary")}>
            New endpoint
          </Link>
        ) : null}
      </div>
      <IgnoredSearchParams names={ignored} />
      {/* biome-ignore lint/a11y/useSemanticElements: a filter with the search landmark role; the <search> element is not yet in React's types */}
      <div className="mb-4 flex flex-wrap items-end gap-4" role="search" aria-label="Filter endpoints">
        <div className="w-64">
          <TenantFilter searchTenants={searchTenantsAction} selected={tenant} />
        </div>
        <nav aria-label="Health" className="flex gap-1 rounded-lg bg-zinc-100 p-1 dark:bg-zinc-900">
          {(
            [
              ["All", false],
              ["Failing", true],
            ] as const
          ).map(([label, onlyFailing]) => (
            <Link
              key={label}
              href={`/endpoints?${new URLSearchParams({ ...(tenant ? { tenant: tenant.id } : {}), ...(onlyFailing ? { health: "failing" } : {}) })}`}
              aria-current={onlyFailing === failing ? "page" : undefined}
              className={`rounded-md px-3 py-1 text-sm font-medium ${onlyFailing === failing ? "bg-white shadow-xs dark:bg-zinc-800" : "text-zinc-600 dark:text-zinc-400"}`}
            >
              {label}
            </Link>
          ))}
        </nav>
      </div>
      {listed.ok ? null : (
        <div className="mb-4">
          <Alert tone="error">{listed.refusal}</Alert>
        </div>
      )}
      {!listed.ok ? null : page.data.length === 0 ? (
        failing ? (
          <EmptyState title="No failing endpoints">{`No endpoint${tenant ? " of this tenant" : ""} has failed its last attempts.`}</EmptyState>
        ) : tenant ? (
          <EmptyState title="No endpoints for this tenant">
            {canManage ? "Add one with New endpoint: it receives only this tenant's events." : "Ask an admin to add one."}
          </EmptyState>
        ) : (
          <EmptyState title="No endpoints yet">{canManage ? "Add the URL of a receiver, then send it a test event." : "Ask an admin to add one."}</EmptyState>
        )
      ) : (
        <Table caption="Endpoints">
          <thead>
            <tr>
              <Th>URL</Th>
              <Th>Tenant</Th>
              <Th>Event types</Th>
              <Th>Status</Th>
              <Th>Health</Th>
              <Th>Attempt success (24 h)</Th>
              <Th>Last attempt</Th>
              <Th>Attempts (24 h)</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {page.data.map((endpoint) => {
              const stats = health.get(endpoint.id);
              return (
                <tr key={endpoint.id}>
                  <Td className="max-w-xs">
                    <Link href={`/endpoints/${endpoint.id}`} className="block truncate font-medium text-teal-800 hover:underline dark:text-teal-300">
                      {endpoint.url}
                    </Link>
                    {endpoint.description ? <span className="block truncate text-xs text-zinc-500">{endpoint.description}</span> : null}
                  </Td>
                  <Td>
                    <TenantLink tenantId={endpoint.tenantId} label={endpoint.tenantId ? labels.get(endpoint.tenantId) : undefined} />
                  </Td>
                  <Td>
                    <div className="flex flex-wrap gap-1">
                      {endpoint.eventTypes.map((type) => (
                        <Badge key={type} tone="gray">
                          {type}
                        </Badge>
                      ))}
                    </div>
                  </Td>
                  <Td>
                    <EndpointStatus enabled={endpoint.enabled} disabledReason={endpoint.disabledReason} />
                  </Td>
                  <Td>{stats ? <HealthBadge state={stats.state} reason={stats.reason} /> : null}</Td>
                  <Td>{stats?.attempts ? `${Math.floor((1000 * stats.succeeded) / stats.attempts) / 10} %` : "—"}</Td>
                  <Td>{stats?.lastAttemptAt ? <time dateTime={stats.lastAttemptAt}>{formatRelativeTime(new Date(stats.lastAttemptAt))}</time> : "—"}</Td>
                  <Td>
                    <Sparkline
                      values={stats?.hourly ?? Array<number>(25).fill(0)}
                      state={stats?.state ?? "idle"}
                      label={`${stats?.attempts ?? 0} attempts in 24 hours`}
                    />
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
      {page.nextCursor ? (
        <Link href={`/endpoints?${new URLSearchParams({ ...filters, cursor: page.nextCursor })}`} className={buttonClass("secondary", "mt-4")}>
          Older endpoints
        </Link>
      ) : null}
    </>
  );
}
