import type { Metadata } from "next";
import Link from "next/link";
import { EndpointFilter } from "@/components/console/endpoint-filter";
import { FilterForm } from "@/components/console/filter-form";
import { LiveRefresh } from "@/components/console/live-refresh";
import { Pager } from "@/components/console/pager";
import { TenantFilter } from "@/components/console/tenant-filter";
import { TimeRangeSelect } from "@/components/console/time-range-select";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { listHref } from "@/lib/console/list-href";
import { publicOrigin } from "@/lib/console/public-origin";
import { refusable } from "@/lib/console/refusable";
import { parseSearchParams, type SearchParams } from "@/lib/console/search-params";
import { TIME_RANGE_MS } from "@/lib/console/time-ranges";
import { attemptSummaries, type DeliveryFilters, listDeliveries, previousDeliveriesCursor } from "@/lib/deliveries/queries";
import { isFinished } from "@/lib/deliveries/status";
import { endpointUrls, listEndpoints } from "@/lib/endpoints/endpoints";
import { publishEventCurl } from "@/lib/onboarding/examples";
import { tenantLabel, tenantLabels } from "@/lib/tenants/labels";
import { IgnoredSearchParams } from "../_components/ignored-search-params";
import { searchTenantsAction } from "../_components/tenant-search-action";
import { DeliveriesTable, type DeliveryRow } from "./_components/deliveries-table";
import { deliveriesSearch } from "./search-params";

export const metadata: Metadata = { title: "Deliveries" };

const PAGE_SIZE = 50;

const STATUSES = [
  { value: "pending", label: "pending" },
  { value: "delivering", label: "delivering" },
  { value: "retrying", label: "retrying (failing now)" },
  { value: "succeeded", label: "succeeded" },
  { value: "failed", label: "failed" },
  { value: "skipped", label: "skipped" },
] as const;

const STATUS_CLASSES = [
  { value: "2xx", label: "2xx success" },
  { value: "3xx", label: "3xx redirect" },
  { value: "4xx", label: "4xx client error" },
  { value: "5xx", label: "5xx server error" },
  { value: "none", label: "No response" },
] as const;

export default async function DeliveriesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { workspace, role } = await requireConsoleContext();
  const { values: search, ignored } = parseSearchParams(deliveriesSearch, await searchParams);
  const { range, cursor, ...chosen } = search;
  const tenantChoice = await refusable(async () => (chosen.tenant ? tenantLabel(workspace.id, chosen.tenant) : undefined));
  const tenant = tenantChoice.ok ? tenantChoice.value : undefined;
  const filters: DeliveryFilters = {
    ...chosen,
    cursor,
    tenant: tenant?.id,
    limit: PAGE_SIZE,
    eventId: chosen.eventId || undefined,
    since: range === "all" ? undefined : new Date(Date.now() - TIME_RANGE_MS[range]).toISOString(),
  };
  const [listed, previousCursor, endpointPage] = await Promise.all([
    tenantChoice.ok ? refusable(() => listDeliveries(workspace.id, filters)) : tenantChoice,
    tenantChoice.ok && cursor ? refusable(() => previousDeliveriesCursor(workspace.id, { ...filters, cursor })) : undefined,
    listEndpoints(workspace.id, { limit: 100, tenant: tenant?.id }, "redacted"),
  ]);
  const page = listed.ok ? listed.value : { data: [], nextCursor: null };
  const [summaries, urls, labels] = await Promise.all([
    attemptSummaries(
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
    lastDurationMs: summaries.get(d.id)?.lastDurationMs ?? null,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    test: summaries.get(d.id)?.test ?? false,
  }));
  // The parameters as parsed, defaults left out: a repeated or refused one goes no further than this page.
  const given = {
    ...chosen,
    tenant: tenant?.id,
    order: chosen.order === "oldest" ? "oldest" : undefined,
    range: range === "all" ? undefined : range,
  };
  const failingNow = chosen.status === "retrying";
  const narrowed = Object.entries(given).some(([name, value]) => value && name !== "order" && name !== "status");
  // The first page of newest deliveries gains rows as events arrive; any page changes while its deliveries are under way.
  const following = (!cursor && chosen.order !== "oldest") || rows.some((row) => !isFinished(row.status));

  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeader
          title="Deliveries"
          description="Every delivery of every event, test sends included. Filters and sort live in the URL, so you can share a view. Times are in UTC."
        />
        <div className="flex items-center gap-3">
          <Link
            href={listHref("/deliveries", { ...given, status: failingNow ? undefined : "retrying" })}
            aria-current={failingNow ? "page" : undefined}
            className={buttonClass(failingNow ? "primary" : "secondary")}
          >
            Failing now
          </Link>
          {following ? <LiveRefresh /> : null}
        </div>
      </div>
      <FilterForm label="Filter deliveries" className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4 lg:items-end">
        {chosen.order === "oldest" ? <input type="hidden" name="order" value="oldest" /> : null}
        <label className="text-sm">
          <span className="mb-1 block font-medium">Status</span>
          <select name="status" defaultValue={search.status ?? ""} className={inputClass}>
            <option value="">Any status</option>
            {STATUSES.map((status) => (
              <option key={status.value} value={status.value}>
                {status.label}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">Response</span>
          <select name="statusClass" defaultValue={search.statusClass ?? ""} className={inputClass}>
            <option value="">Any response</option>
            {STATUS_CLASSES.map((statusClass) => (
              <option key={statusClass.value} value={statusClass.value}>
                {statusClass.label}
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
          <input name="eventType" defaultValue={search.eventType ?? ""} placeholder="invoice.paid or invoice.*" className={`${inputClass} font-mono`} />
        </label>
        <TimeRangeSelect selected={range} />
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
      </FilterForm>
      <IgnoredSearchParams names={ignored} />
      {listed.ok ? null : (
        <div className="mb-4">
          <Alert tone="error">{listed.refusal}</Alert>
        </div>
      )}
      {!listed.ok ? null : rows.length === 0 ? (
        <EmptyState
          title={cursor ? "No more deliveries" : failingNow && !narrowed ? "Nothing is failing now" : "No deliveries match"}
          example={
            cursor || narrowed || chosen.status
              ? undefined
              : { code: publishEventCurl({ origin: await publicOrigin() }), label: "Publishing an event with the API", copyLabel: "Copy command" }
          }
        >
          {failingNow && !narrowed
            ? "No delivery is waiting for a retry after a failed attempt."
            : narrowed || chosen.status
              ? "Try a wider time range or fewer filters."
              : "Deliveries appear here as soon as a published event reaches an endpoint."}
        </EmptyState>
      ) : (
        <DeliveriesTable rows={rows} canManage={hasRole(role, "admin")} />
      )}
      <Pager
        noun="deliveries"
        order={chosen.order === "oldest" ? "oldest" : "newest"}
        firstHref={cursor ? listHref("/deliveries", given) : undefined}
        previousHref={cursor && previousCursor?.ok ? listHref("/deliveries", { ...given, cursor: previousCursor.value }) : undefined}
        nextHref={page.nextCursor ? listHref("/deliveries", { ...given, cursor: page.nextCursor }) : undefined}
      />
    </>
  );
}
