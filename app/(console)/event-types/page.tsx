import type { Metadata } from "next";
import { ScrollingPre } from "@/components/portal/portal-ui";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { BUILT_IN_EVENT_TYPES } from "@/lib/event-types/built-in";
import { listEventTypes } from "@/lib/event-types/event-types";
import { EventTypeForm } from "./_components/event-type-form";

export const metadata: Metadata = { title: "Event types" };

export default async function EventTypesPage() {
  const { workspace, role } = await requireConsoleContext();
  const page = await listEventTypes(workspace.id, { limit: 100 }, { builtIns: false });
  const canManage = hasRole(role, "admin");
  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader
        title="Event types"
        description="The catalog endpoints subscribe from. Examples fill the test-event form; publishing unknown types is allowed unless strict mode is on."
      />
      {canManage ? (
        <Card title="Add an event type">
          <EventTypeForm />
        </Card>
      ) : null}
      {page.data.length === 0 ? (
        <EmptyState title="The catalog is empty">{canManage ? "Add the event types your product publishes." : "Ask an admin to add event types."}</EmptyState>
      ) : (
        page.data.map((type) => (
          <Card key={type.id} title={type.name} description={type.description || undefined}>
            {canManage ? (
              <EventTypeForm initial={type} />
            ) : (
              <pre className="overflow-auto rounded bg-zinc-100 p-3 text-xs dark:bg-zinc-900">{JSON.stringify(type.example ?? {}, null, 2)}</pre>
            )}
          </Card>
        ))
      )}
      <section aria-labelledby="built-in-types" className="space-y-4">
        <div>
          <h2 id="built-in-types" className="text-lg font-semibold text-zinc-900 dark:text-zinc-100">
            Tern's own event types
          </h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Tern publishes these about this workspace's endpoints and deliveries. They reach only the workspace's own endpoints that name them — tern.*,
            tern.delivery.* or the exact type; * never matches them, and a tenant's endpoint never receives them. They cannot be edited or published.
          </p>
        </div>
        {BUILT_IN_EVENT_TYPES.map((type) => (
          <Card key={type.name} title={type.name} description={type.description}>
            <details>
              <summary className="cursor-pointer text-sm text-zinc-700 dark:text-zinc-300">Example payload and JSON Schema</summary>
              <h3 className="mt-3 text-sm font-medium">Example</h3>
              <ScrollingPre className="mt-1">{JSON.stringify(type.example, null, 2)}</ScrollingPre>
              <h3 className="mt-3 text-sm font-medium">Schema</h3>
              <ScrollingPre className="mt-1 max-h-96">{JSON.stringify(type.schema, null, 2)}</ScrollingPre>
            </details>
          </Card>
        ))}
      </section>
    </div>
  );
}
