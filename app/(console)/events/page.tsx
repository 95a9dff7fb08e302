import type { Metadata } from "next";
import Link from "next/link";
import { FilterForm } from "@/components/console/filter-form";
import { Pager } from "@/components/console/pager";
import { TenantFilter } from "@/components/console/tenant-filter";
import { TenantLink } from "@/components/console/tenant-link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th } from "@/components/ui/table";
import { requireConsoleContext } from "@/lib/auth/session";
import { listHref } from "@/lib/console/list-href";
import { publicOrigin } from "@/lib/console/public-origin";
import { refusable } from "@/lib/console/refusable";
import { parseSearchParams, type SearchParams } from "@/lib/console/search-params";
import { deliveryOutcomesByEvent, listEvents, previousEventsCursor } from "@/lib/events/queries";
import { publishEventCurl } from "@/lib/onboarding/examples";
import { tenantLabel, tenantLabels } from "@/lib/tenants/labels";
import { IgnoredSearchParams } from "../_components/ignored-search-params";
import { searchTenantsAction } from "../_components/tenant-search-action";
import { eventsSearch } from "./search-params";

export const metadata: Metadata = { title: "Events" };

const PAGE_SIZE = 50;

export default async function EventsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { workspace } = await requireConsoleContext();
  const {
    values: { type, tenant: tenantRef, cursor },
    ignored,
  } = parseSearchParams(eventsSearch, await searchParams);
  const tenantChoice = await refusable(async () => (tenantRef ? tenantLabel(workspace.id, tenantRef) : undefined));
  const tenant = tenantChoice.ok ? tenantChoice.value : undefined;
  const query = { type, tenant: tenant?.id, limit: PAGE_SIZE, cursor };
  const [listed, previousCursor] = await Promise.all([
    tenantChoice.ok ? refusable(() => listEvents(workspace.id, query)) : tenantChoice,
    tenantChoice.ok && cursor ? refusable(() => previousEventsCursor(workspace.id, { ...query, cursor })) : undefined,
  ]);
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
  const given = { type, tenant: tenant?.id };
  return (
    <>
      <PageHeader title="Events" description="Events your systems published, and how their deliveries went. Times are in UTC." />
      <IgnoredSearchParams names={ignored} />
      <FilterForm label="Filter events" className="mb-4 flex flex-wrap items-end gap-2">
        <div className="w-full sm:w-64">
          <TenantFilter searchTenants={searchTenantsAction} selected={tenant} />
        </div>
        <label className="w-full text-sm sm:w-auto">
          <span className="mb-1 block font-medium">Event type</span>
          <input name="type" defaultValue={type ?? ""} placeholder="invoice.paid or invoice.*" className={`${inputClass} font-mono`} />
        </label>
        <button type="submit" className={buttonClass("secondary")}>
          Filter
        </button>
        {type || tenant ? (
          <Link href="/events" className={buttonClass("ghost")}>
            Reset
          </Link>
        ) : null}
      </FilterForm>
      {listed.ok ? null : (
        <div className="mb-4">
          <Alert tone="error">{listed.refusal}</Alert>
        </div>
      )}
      {!listed.ok ? null : page.data.length === 0 ? (
        cursor ? (
          <EmptyState title="No more events">This page is past the oldest event.</EmptyState>
        ) : type || tenant ? (
          <EmptyState title="No events match">Try another event type or tenant; "invoice.*" matches every type under invoice.</EmptyState>
        ) : (
          <EmptyState
            title="No events yet"
            example={{ code: publishEventCurl({ origin: await publicOrigin() }), label: "Publishing an event with the API", copyLabel: "Copy command" }}
          >
            Publish one with POST /api/v1/events and an API key from Settings.
          </EmptyState>
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
                <tr key={event.id} className="relative hover:bg-zinc-50 dark:hover:bg-zinc-900/60">
                  <Td>
                    {/* The row's link, stretched over the whole row. */}
                    <Link
                      href={`/events/${event.id}`}
                      className="whitespace-nowrap font-mono text-xs text-teal-800 after:absolute after:inset-0 hover:underline focus-visible:outline-2 focus-visible:outline-teal-600 dark:text-teal-300"
                    >
                      {event.id}
                    </Link>
                  </Td>
                  <Td className="font-mono text-xs">{event.type}</Td>
                  <Td>
                    <span className="relative z-10 whitespace-nowrap">
                      <TenantLink tenantId={event.tenantId} label={event.tenantId ? labels.get(event.tenantId) : undefined} />
                    </span>
                  </Td>
                  <Td>
                    <RelativeTime date={event.createdAt} />
                  </Td>
                  <Td className="whitespace-nowrap">
                    {outcome?.total ?? 0} endpoint{outcome?.total === 1 ? "" : "s"}
                  </Td>
                  <Td>
                    <div className="flex flex-wrap gap-1">
                      {outcome?.succeeded ? <Badge tone="green">{outcome.succeeded} succeeded</Badge> : null}
                      {outcome?.failed ? <Badge tone="red">{outcome.failed} failed</Badge> : null}
                      {outcome?.retrying ? <Badge tone="amber">{outcome.retrying} retrying</Badge> : null}
                      {outcome?.pending ? <Badge tone="gray">{outcome.pending} pending</Badge> : null}
                      {!outcome ? <span className="text-zinc-600 dark:text-zinc-400">no subscribers</span> : null}
                    </div>
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
      <Pager
        noun="events"
        firstHref={cursor ? listHref("/events", given) : undefined}
        previousHref={cursor && previousCursor?.ok ? listHref("/events", { ...given, cursor: previousCursor.value }) : undefined}
        nextHref={page.nextCursor ? listHref("/events", { ...given, cursor: page.nextCursor }) : undefined}
      />
    </>
  );
}
