import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { requireConsoleContext } from "@/lib/auth/session";
import { parseSearchParams, type SearchParams } from "@/lib/console/search-params";
import { deliveryOutcomesByEvent, listEvents } from "@/lib/events/queries";
import { formatRelativeTime } from "@/lib/time/relative";
import { IgnoredSearchParams } from "../_components/ignored-search-params";
import { eventsSearch } from "./search-params";

export const metadata: Metadata = { title: "Events" };

export default async function EventsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { workspace } = await requireConsoleContext();
  const {
    values: { type, cursor },
    ignored,
  } = parseSearchParams(eventsSearch, await searchParams);
  const page = await listEvents(workspace.id, { type, limit: 50, cursor });
  const outcomes = await deliveryOutcomesByEvent(
    workspace.id,
    page.data.map((event) => event.id),
  );
  return (
    <>
      <PageHeader title="Events" description="Events your systems published, and how their deliveries went." />
      <IgnoredSearchParams names={ignored} />
      {/* biome-ignore lint/a11y/useSemanticElements: a GET form with the search landmark role; the <search> element is not yet in React's types */}
      <form method="get" className="mb-4 flex items-end gap-2" role="search" aria-label="Filter events">
        <label className="text-sm">
          <span className="mb-1 block font-medium">Event type</span>
          <input name="type" defaultValue={type ?? ""} placeholder="invoice.paid" className={inputClass} />
        </label>
        <button type="submit" className={buttonClass("secondary")}>
          Filter
        </button>
      </form>
      {page.data.length === 0 ? (
        <EmptyState title="No events yet">Publish one with POST /api/v1/events and an API key from Settings.</EmptyState>
      ) : (
        <Table caption="Events">
          <thead>
            <tr>
              <Th>Event</Th>
              <Th>Type</Th>
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
                    <time dateTime={event.createdAt.toISOString()}>{formatRelativeTime(event.createdAt)}</time>
                  </Td>
                  <Td>
                    {outcome?.total ?? 0} endpoint{outcome?.total === 1 ? "" : "s"}
                  </Td>
                  <Td>
                    <div className="flex gap-1">
                      {outcome?.succeeded ? <Badge tone="green">{outcome.succeeded} succeeded</Badge> : null}
                      {outcome?.failed ? <Badge tone="red">{outcome.failed} failed</Badge> : null}
                      {outcome?.pending ? <Badge tone="amber">{outcome.pending} pending</Badge> : null}
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
        <Link href={`/events?${new URLSearchParams({ ...(type ? { type } : {}), cursor: page.nextCursor })}`} className={buttonClass("secondary", "mt-4")}>
          Older events
        </Link>
      ) : null}
    </>
  );
}
