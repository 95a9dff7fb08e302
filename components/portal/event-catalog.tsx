"use client";

import { EmptyState } from "@/components/ui/empty-state";
import { JsonBlock } from "@/components/ui/json-block";
import type { Page, PortalEventType } from "./api-types";
import { usePortalQuery } from "./portal-session";
import { LoadError, Loading, PageTitle, Section } from "./portal-ui";

export function EventCatalog() {
  const { data, error } = usePortalQuery<Page<PortalEventType>>("/api/v1/event-types?limit=100");
  return (
    <>
      <PageTitle title="Event types" description="The events your endpoints can subscribe to, with the shape of their data." />
      {error ? <LoadError error={error} /> : null}
      {!data && !error ? <Loading what="event types" /> : null}
      {data && data.data.length === 0 ? <EmptyState title="No event types described yet">Endpoints can still subscribe to all events.</EmptyState> : null}
      {data?.data.map((type) => (
        <Section key={type.name} title={type.name} description={type.description || undefined}>
          <div className="grid gap-4 lg:grid-cols-2">
            <div className="min-w-0">
              <h3 className="text-sm font-medium">Schema</h3>
              {type.schema ? <JsonBlock value={type.schema} /> : <p className="text-sm text-zinc-600 dark:text-zinc-400">No schema.</p>}
            </div>
            <div className="min-w-0">
              <h3 className="text-sm font-medium">Example</h3>
              {type.example ? <JsonBlock value={type.example} /> : <p className="text-sm text-zinc-600 dark:text-zinc-400">No example.</p>}
            </div>
          </div>
        </Section>
      ))}
    </>
  );
}
