import type { Metadata } from "next";
import Link from "next/link";
import { TenantFilter } from "@/components/console/tenant-filter";
import { TenantLink } from "@/components/console/tenant-link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requireConsoleContext } from "@/lib/auth/session";
import { refusable } from "@/lib/console/refusable";
import { parseSearchParams, type SearchParams } from "@/lib/console/search-params";
import { deliveryOutcomesByEvent, listEvents } from "@/lib/events/queries";
import { tenantLabel, tenantLabels } from "@/lib/tenants/labels";
import { formatRelativeTime } from "@/lib/time/relative";
import { IgnoredSearchParams } from "../_components/ignored-search-params";
import { searchTenantsAction } from "../_components/tenant-search-action";
import { eventsSearch } from "./search-params";

export const metadata: Metadata = { title: "Events" };

export default async function EventsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { workspace } = await requireConsoleContext();
  const {
    values: { type, tenant: tenantRef, cursor },
    ignored,
  } = parseSearchParams(eventsSearch, await searchParams);
  const tenantChoice = await refusable(async () => (tenantRef ? tenantLabel(workspace.id, tenantRef) : undefined));
  const tenant = tenantChoice.ok ? tenantChoice.value : undefined;
  const listed = tenantChoice.ok ? await refusable(() => listEvents(workspace.id, { type, tenant: tenant?.id, limit: 50, cursor })) : tenantChoice;
  const page = listed.ok ? listed.value : { data: [], nextCursor: null };
  const [outcomes, labels] = await Promise.all([
    deliveryOutcomesByEvent(
      workspace.id,
      page.data.map((event) => event.id),
    ),
    tenantLabels(
      workspace.id,
      page.data.map((event) => event.tenantId),
    ),
  ]);
  return (
    <>
      <PageHeader title="Events" description="Events your systems published, and how their deliveries went." />
      <IgnoredSearchParams names={ignored} />
      {/* biome-ignore lint/a11y/useSemanticElements: a GET form with the search landmark role; the <search> element is not yet in React's types */}
      <form method="get" className="mb-4 flex flex-wrap items-end gap-2" role="search" aria-label="Filter events">
        <div className="w-64">
          <TenantFilter searchTenants={searchTenantsAction} selected={tenant} />
        </div>
        <label className="text-sm">
          <span className="mb-1 block font-medium">Event type</span>
          <input name="type" defaultValue={type ?? ""} placeholder="invoice.paid" className={inputClass} />
        </label>
        <button type="submit" className={buttonClass("secondary")}>
          Filter
        </button>
      </form>
      {listed.ok ? null : (
        <div className="mb-4">
          <Alert tone="error">{listed.refusal}</Alert>
        </div>
      )}
      {!listed.ok ? null : page.data.length === 0 ? (
        type || tenant ? (
          <EmptyState title="No events match">Try another event type or tenant.</EmptyState>
        ) : (
          <EmptyState title="No events yet">Publish one with POST /api/v1/events and an API key from Settings.</EmptyState>
        )
      ) : (
        <Table caption="Events">
          <thead>
            <tr>
              <Th>Event</Th>
              <Th>Type</Th>
              <Th>Tenant</Th>
              <Th>Published</Th>
              <Th>Fan-out</Th>
              <Th>Outcome</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {page.data.map((event) => {
              const outcome = outcomes.get(event.id);
              return (
                <tr key={event.id}>
                  <Td>
                    <Link href={`/events/${event.id}`} className="font-mono text-xs text-teal-800 hover:underline dark:text-teal-300">
                      {event.id}
                    </Link>
                  </Td>
                  <Td className="font-mono text-xs">{event.type}</Td>
                  <Td>
                    <TenantLink tenantId={event.tenantId} label={event.tenantId ? labels.get(event.tenantId) : undefined} />
                  </Td>
                  <Td>
                    <time dateTime={event.createdAt.toISOString()}>{formatRelativeTime(event.createdAt)}</time>
                  </Td>
                  <Td>
                    {outcome?.total ?? 0} endpoint{outcome?.total === 1 ? "" : "s"}
                  </Td>
                  <Td>
                    <div className="flex gap-1">
                      {outcome?.succeeded ? <Badge tone="green">{outcome.succeeded} succeeded</Badge> : null}
                      {outcome?.failed ? <Badge tone="red">{outcome.failed} failed</Badge> : null}
                      {outcome?.retrying ? <Badge tone="amber">{outcome.retrying} retrying</Badge> : null}
                      {outcome?.pending ? <Badge tone="gray">{outcome.pending} pending</Badge> : null}
                      {!outcome ? <span className="text-zinc-500">no subscribers</span> : null}
                    </div>
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
      {page.nextCursor ? (
        <Link
          href={`/events?${new URLSearchParams({ ...(type ? { type } : {}), ...(tenant ? { tenant: tenant.id } : {}), cursor: page.nextCursor })}`}
          className={buttonClass("secondary", "mt-4")}
        >
          Older events
        </Link>
      ) : null}
    </>
  );
}
