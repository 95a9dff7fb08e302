import type { Metadata } from "next";
import Link from "next/link";
import { EndpointFilter } from "@/components/console/endpoint-filter";
import { TenantFilter } from "@/components/console/tenant-filter";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { refusable } from "@/lib/console/refusable";
import { parseSearchParams, type SearchParams } from "@/lib/console/search-params";
import { TIME_RANGE_MS } from "@/lib/console/time-ranges";
import { type DeliveryFilters, listDeliveries, testDeliveryIds } from "@/lib/deliveries/queries";
import { endpointUrls, listEndpoints } from "@/lib/endpoints/endpoints";
import { tenantLabel, tenantLabels } from "@/lib/tenants/labels";
import { IgnoredSearchParams } from "../_components/ignored-search-params";
import { searchTenantsAction } from "../_components/tenant-search-action";
import { DeliveriesTable, type DeliveryRow } from "./_components/deliveries-table";
import { LiveRefresh } from "./_components/live-refresh";
import { deliveriesSearch } from "./search-params";

export const metadata: Metadata = { title: "Deliveries" };

const STATUSES = ["pending", "delivering", "retrying", "succeeded", "failed", "skipped"] as const;

export default async function DeliveriesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { workspace, role } = await requireConsoleContext();
  const { values: search, ignored } = parseSearchParams(deliveriesSearch, await searchParams);
  const { range, ...chosen } = search;
  const tenantChoice = await refusable(async () => (chosen.tenant ? tenantLabel(workspace.id, chosen.tenant) : undefined));
  const tenant = tenantChoice.ok ? tenantChoice.value : undefined;
  const filters: DeliveryFilters = {
    ...chosen,
    tenant: tenant?.id,
    limit: 50,
    eventId: chosen.eventId || undefined,
    since: range === "all" ? undefined : new Date(Date.now() - TIME_RANGE_MS[range]).toISOString(),
  };
  const [listed, endpointPage] = await Promise.all([
    tenantChoice.ok ? refusable(() => listDeliveries(workspace.id, filters)) : tenantChoice,
    listEndpoints(workspace.id, { limit: 100, tenant: tenant?.id }, "redacted"),
  ]);
  const page = listed.ok ? listed.value : { data: [], nextCursor: null };
  const [tests, urls, labels] = await Promise.all([
    testDeliveryIds(
      workspace.id,
      page.data.map((d) => d.id),
    ),
    endpointUrls(
      workspace.id,
      page.data.map((d) => d.endpointId),
    ),
    tenantLabels(workspace.id, [...page.data.map((d) => d.tenantId), ...endpointPage.data.map((e) => e.tenantId)]),
  ]);
  const rows: DeliveryRow[] = page.data.map((d) => ({
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    endpointId: d.endpointId,
    endpointUrl: urls.get(d.endpointId) ?? d.endpointId,
    tenantId: d.tenantId,
    tenant: d.tenantId ? (labels.get(d.tenantId) ?? null) : null,
    status: d.status,
    attemptCount: d.attemptCount,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    test: tests.has(d.id),
  }));
  // The parameters as parsed, defaults left out: a repeated or refused one goes no further than this page.
  const given = Object.entries({ ...chosen, order: chosen.order === "oldest" ? "oldest" : undefined, range: range === "all" ? undefined : range }).filter(
    (entry): entry is [string, string] => Boolean(entry[1]),
  );
  const nextHref = page.nextCursor ? `/deliveries?${new URLSearchParams({ ...Object.fromEntries(given), cursor: page.nextCursor })}` : undefined;

  return (
    <>
      <div className="flex items-start justify-between gap-4">
        <PageHeader
          title="Deliveries"
          description="Every delivery of every event, test sends included. Filters and sort live in the URL, so you can share a view."
        />
        <LiveRefresh />
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: a GET form with the search landmark role; the <search> element is not yet in React's types */}
      <form method="get" className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4 lg:items-end" role="search" aria-label="Filter deliveries">
        {filters.order === "oldest" ? <input type="hidden" name="order" value="oldest" /> : null}
        <label className="text-sm">
          <span className="mb-1 block font-medium">Status</span>
          <select name="status" defaultValue={search.status ?? ""} className={inputClass}>
            <option value="">Any status</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </label>
        <TenantFilter searchTenants={searchTenantsAction} selected={tenant} />
        <EndpointFilter
          endpoints={endpointPage.data.map((e) => ({ id: e.id, url: e.url, tenantKey: e.tenantId ? labels.get(e.tenantId)?.key : undefined }))}
          selected={search.endpointId}
          anyLabel="Any endpoint"
        />
        <label className="text-sm">
          <span className="mb-1 block font-medium">Event type</span>
          <input name="eventType" defaultValue={search.eventType ?? ""} placeholder="invoice.paid" className={inputClass} />
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">Time range</span>
          <select name="range" defaultValue={range} className={inputClass}>
            <option value="all">All time</option>
            <option value="1h">Last hour</option>
            <option value="24h">Last 24 hours</option>
            <option value="7d">Last 7 days</option>
            <option value="30d">Last 30 days</option>
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">Event id</span>
          <input name="eventId" defaultValue={search.eventId ?? ""} placeholder="evt_…" className={`${inputClass} font-mono`} />
        </label>
        <div className="flex gap-2">
          <button type="submit" className={buttonClass("primary")}>
            Apply
          </button>
          <Link href="/deliveries" className={buttonClass("ghost")}>
            Reset
          </Link>
        </div>
      </form>
      <IgnoredSearchParams names={ignored} />
      {listed.ok ? null : (
        <div className="mb-4">
          <Alert tone="error">{listed.refusal}</Alert>
        </div>
      )}
      {!listed.ok ? null : rows.length === 0 ? (
        <EmptyState title={search.cursor ? "No more deliveries" : "No deliveries match"}>
          {given.length > 0 ? "Try a wider time range or fewer filters." : "Deliveries appear here as soon as a published event reaches an endpoint."}
        </EmptyState>
      ) : (
        <DeliveriesTable rows={rows} canManage={hasRole(role, "admin")} />
      )}
      {nextHref ? (
        <Link href={nextHref} className={buttonClass("secondary", "mt-4")}>
          {filters.order === "oldest" ? "Newer deliveries" : "Older deliveries"}
        </Link>
      ) : null}
    </>
  );
}
