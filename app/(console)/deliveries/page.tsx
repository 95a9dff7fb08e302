import type { Metadata } from "next";
import Link from "next/link";
import { EndpointFilter } from "@/components/console/endpoint-filter";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { deliveryFilters, listDeliveries, testDeliveryIds } from "@/lib/deliveries/queries";
import { endpointUrls, listEndpoints } from "@/lib/endpoints/endpoints";
import { DeliveriesTable, type DeliveryRow } from "./_components/deliveries-table";
import { LiveRefresh } from "./_components/live-refresh";

export const metadata: Metadata = { title: "Deliveries" };

const RANGES = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;
const STATUSES = ["pending", "delivering", "succeeded", "failed", "skipped"] as const;
type Search = Record<string, string | undefined>;

export default async function DeliveriesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { workspace, role } = await requireConsoleContext();
  const search = await searchParams;
  const range = (search.range && search.range in RANGES ? search.range : "all") as keyof typeof RANGES | "all";
  const parsed = deliveryFilters.safeParse({
    limit: 50,
    cursor: search.cursor || undefined,
    status: search.status || undefined,
    endpointId: search.endpointId || undefined,
    eventType: search.eventType || undefined,
    eventId: search.eventId?.trim() || undefined,
    order: search.order || undefined,
    since: range === "all" ? undefined : new Date(Date.now() - RANGES[range]).toISOString(),
  });
  const filters = parsed.success ? parsed.data : deliveryFilters.parse({ limit: 50 });
  const [page, endpointPage] = await Promise.all([listDeliveries(workspace.id, filters), listEndpoints(workspace.id, { limit: 100 })]);
  const tests = await testDeliveryIds(
    workspace.id,
    page.data.map((d) => d.id),
  );
  const urls = await endpointUrls(
    workspace.id,
    page.data.map((d) => d.endpointId),
  );
  const rows: DeliveryRow[] = page.data.map((d) => ({
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    endpointId: d.endpointId,
    endpointUrl: urls.get(d.endpointId) ?? d.endpointId,
    status: d.status,
    attemptCount: d.attemptCount,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    test: tests.has(d.id),
  }));
  const nextHref = page.nextCursor
    ? `/deliveries?${new URLSearchParams({ ...Object.fromEntries(Object.entries(search).filter(([, v]) => v)), cursor: page.nextCursor } as Record<string, string>)}`
    : undefined;

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
      <form method="get" className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-6 lg:items-end" role="search" aria-label="Filter deliveries">
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
        <EndpointFilter endpoints={endpointPage.data} selected={search.endpointId} anyLabel="Any endpoint" />
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
      {!parsed.success ? <Alert tone="error">Some filters in the URL were invalid and were ignored.</Alert> : null}
      {rows.length === 0 ? (
        <EmptyState title={search.cursor ? "No more deliveries" : "No deliveries match"}>
          {Object.values(search).some(Boolean)
            ? "Try a wider time range or fewer filters."
            : "Deliveries appear here as soon as a published event reaches an endpoint."}
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
