import type { Metadata } from "next";
import Link from "next/link";
import { Sparkline } from "@/components/charts/sparkline";
import { FilterForm } from "@/components/console/filter-form";
import { Pager } from "@/components/console/pager";
import { TenantFilter } from "@/components/console/tenant-filter";
import { TenantLink } from "@/components/console/tenant-link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { listHref } from "@/lib/console/list-href";
import { publicOrigin } from "@/lib/console/public-origin";
import { refusable } from "@/lib/console/refusable";
import { parseSearchParams, type SearchParams } from "@/lib/console/search-params";
import { endpointHealth } from "@/lib/endpoints/endpoint-health";
import { listEndpoints, newerEndpointsCursor } from "@/lib/endpoints/endpoints";
import { createEndpointCurl } from "@/lib/onboarding/examples";
import { tenantLabel, tenantLabels } from "@/lib/tenants/labels";
import { formatRelativeTime } from "@/lib/time/relative";
import { IgnoredSearchParams } from "../_components/ignored-search-params";
import { searchTenantsAction } from "../_components/tenant-search-action";
import { EndpointSelection, SelectAllEndpoints, SelectEndpoint } from "./_components/endpoint-selection";
import { EndpointStatus, HealthBadge } from "./_components/endpoint-status";
import { EndpointTags } from "./_components/endpoint-tags";
import { endpointsSearch } from "./search-params";

export const metadata: Metadata = { title: "Endpoints" };

const PAGE_SIZE = 50;

export default async function EndpointsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { workspace, role } = await requireConsoleContext();
  const {
    values: { tenant: tenantRef, health: healthFilter, tag, cursor },
    ignored,
  } = parseSearchParams(endpointsSearch, await searchParams);
  const tenantChoice = await refusable(async () => (tenantRef ? tenantLabel(workspace.id, tenantRef) : undefined));
  const tenant = tenantChoice.ok ? tenantChoice.value : undefined;
  const failing = healthFilter === "failing";
  const query = { limit: PAGE_SIZE, tenant: tenant?.id, tag, failing };
  const listed = tenantChoice.ok ? await refusable(() => listEndpoints(workspace.id, { ...query, cursor }, "redacted")) : tenantChoice;
  const page = listed.ok ? listed.value : { data: [], nextCursor: null };
  const [health, labels, newerCursor] = await Promise.all([
    endpointHealth(
      workspace.id,
      page.data.map((endpoint) => endpoint.id),
    ),
    tenantLabels(
      workspace.id,
      page.data.map((endpoint) => endpoint.tenantId),
    ),
    cursor && listed.ok ? newerEndpointsCursor(workspace.id, { ...query, cursor }) : undefined,
  ]);
  const filters = { tenant: tenant?.id, health: failing ? "failing" : undefined, tag };
  const pageHref = (pageCursor: string | null) => listHref("/endpoints", { ...filters, cursor: pageCursor });
  const canManage = hasRole(role, "admin");
  const table = (
    <Table caption="Endpoints">
      <thead>
        <tr>
          {canManage ? (
            <Th>
              <SelectAllEndpoints />
            </Th>
          ) : null}
          <Th>Endpoint</Th>
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
              {canManage ? (
                <Td>
                  <SelectEndpoint id={endpoint.id} label={endpoint.name ?? endpoint.url} />
                </Td>
              ) : null}
              <Td className="max-w-xs">
                <Link href={`/endpoints/${endpoint.id}`} className="block truncate font-medium text-teal-800 hover:underline dark:text-teal-300">
                  {endpoint.name ?? endpoint.url}
                </Link>
                {endpoint.name ? <span className="block truncate font-mono text-xs text-zinc-600 dark:text-zinc-400">{endpoint.url}</span> : null}
                {endpoint.description ? <span className="block truncate text-xs text-zinc-500">{endpoint.description}</span> : null}
                <EndpointTags tags={endpoint.tags} filters={filters} />
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
  );
  const list =
    page.data.length === 0 ? (
      tag ? (
        <EmptyState
          title={`No endpoints tagged ${tag}`}
        >{`No endpoint${tenant ? " of this tenant" : ""}${failing ? " that is failing" : ""} has this tag.`}</EmptyState>
      ) : failing ? (
        <EmptyState title="No failing endpoints">{`No endpoint${tenant ? " of this tenant" : ""} has failed its last attempts.`}</EmptyState>
      ) : tenant ? (
        <EmptyState title="No endpoints for this tenant">
          {canManage ? "Add one with New endpoint: it receives only this tenant's events." : "Ask an admin to add one."}
        </EmptyState>
      ) : (
        <EmptyState
          title="No endpoints yet"
          example={
            canManage
              ? { code: createEndpointCurl({ origin: await publicOrigin() }), label: "Adding an endpoint with the API", copyLabel: "Copy command" }
              : undefined
          }
        >
          {canManage ? "Add the URL of a receiver with New endpoint, or with the API, then send it a test event." : "Ask an admin to add one."}
        </EmptyState>
      )
    ) : (
      table
    );
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
              href={listHref("/endpoints", { ...filters, health: onlyFailing ? "failing" : undefined })}
              aria-current={onlyFailing === failing ? "page" : undefined}
              className={`rounded-md px-3 py-1 text-sm font-medium ${onlyFailing === failing ? "bg-white shadow-xs dark:bg-zinc-800" : "text-zinc-600 dark:text-zinc-400"}`}
            >
              {label}
            </Link>
          ))}
        </nav>
        <FilterForm label="Filter endpoints by tag" className="flex items-end gap-2">
          {tenant ? <input type="hidden" name="tenant" value={tenant.id} /> : null}
          {failing ? <input type="hidden" name="health" value="failing" /> : null}
          <div className="space-y-1">
            <label htmlFor="tag-filter" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
              Tag
            </label>
            <input id="tag-filter" name="tag" defaultValue={tag ?? ""} placeholder="billing" className={`${inputClass} w-40`} />
          </div>
          <Button type="submit" variant="secondary">
            Filter
          </Button>
          {tag ? (
            <Link href={listHref("/endpoints", { ...filters, tag: undefined })} className={buttonClass("ghost")}>
              Any tag
            </Link>
          ) : null}
        </FilterForm>
      </div>
      {listed.ok ? null : (
        <div className="mb-4">
          <Alert tone="error">{listed.refusal}</Alert>
        </div>
      )}
      {!listed.ok ? null : canManage ? (
        <EndpointSelection endpoints={page.data.map(({ id, name, url, enabled }) => ({ id, name, url, enabled }))}>{list}</EndpointSelection>
      ) : (
        list
      )}
      <Pager
        noun="endpoints"
        firstHref={cursor ? pageHref(null) : undefined}
        previousHref={newerCursor === undefined ? undefined : pageHref(newerCursor)}
        nextHref={page.nextCursor ? pageHref(page.nextCursor) : undefined}
      />
    </>
  );
}
