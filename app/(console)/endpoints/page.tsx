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
import { endpointHealth24h } from "@/lib/endpoints/endpoint-health";
import { listEndpoints } from "@/lib/endpoints/endpoints";
import { tenantLabel, tenantLabels } from "@/lib/tenants/labels";
import { formatRelativeTime } from "@/lib/time/relative";
import { IgnoredSearchParams } from "../_components/ignored-search-params";
import { searchTenantsAction } from "../_components/tenant-search-action";
import { EndpointStatus } from "./_components/endpoint-status";
import { endpointsSearch } from "./search-params";

export const metadata: Metadata = { title: "Endpoints" };

export default async function EndpointsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { workspace, role } = await requireConsoleContext();
  const {
    values: { tenant: tenantRef, cursor },
    ignored,
  } = parseSearchParams(endpointsSearch, await searchParams);
  const tenantChoice = await refusable(async () => (tenantRef ? tenantLabel(workspace.id, tenantRef) : undefined));
  const tenant = tenantChoice.ok ? tenantChoice.value : undefined;
  const [listed, health] = await Promise.all([
    tenantChoice.ok ? refusable(() => listEndpoints(workspace.id, { limit: 50, cursor, tenant: tenant?.id }, "redacted")) : tenantChoice,
    endpointHealth24h(workspace.id),
  ]);
  const page = listed.ok ? listed.value : { data: [], nextCursor: null };
  const labels = await tenantLabels(
    workspace.id,
    page.data.map((endpoint) => endpoint.tenantId),
  );
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
      <div className="mb-4 w-64" role="search" aria-label="Filter endpoints">
        <TenantFilter searchTenants={searchTenantsAction} selected={tenant} />
      </div>
      {listed.ok ? null : (
        <div className="mb-4">
          <Alert tone="error">{listed.refusal}</Alert>
        </div>
      )}
      {!listed.ok ? null : page.data.length === 0 ? (
        tenant ? (
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
              <Th>Success (24 h)</Th>
              <Th>Last delivery</Th>
              <Th>Volume (24 h)</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {page.data.map((endpoint) => {
              const stats = health.get(endpoint.id);
              const finished = (stats?.succeeded ?? 0) + (stats?.failed ?? 0);
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
                    <EndpointStatus enabled={endpoint.enabled} disabledReason={endpoint.disabledReason} failedRecently={(stats?.failed ?? 0) > 0} />
                  </Td>
                  <Td>{finished ? `${Math.round((100 * (stats?.succeeded ?? 0)) / finished)} %` : "—"}</Td>
                  <Td>{stats?.lastDeliveryAt ? <time dateTime={stats.lastDeliveryAt}>{formatRelativeTime(new Date(stats.lastDeliveryAt))}</time> : "—"}</Td>
                  <Td>
                    <Sparkline values={stats?.hourly ?? Array<number>(24).fill(0)} label={`${stats?.total ?? 0} deliveries in 24 hours`} />
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
      {page.nextCursor ? (
        <Link
          href={`/endpoints?${new URLSearchParams({ ...(tenant ? { tenant: tenant.id } : {}), cursor: page.nextCursor })}`}
          className={buttonClass("secondary", "mt-4")}
        >
          Older endpoints
        </Link>
      ) : null}
    </>
  );
}
