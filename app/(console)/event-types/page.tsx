import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { listEventTypes } from "@/lib/event-types/event-types";
import { EventTypeForm } from "./_components/event-type-form";

export const metadata: Metadata = { title: "Event types" };

export default async function EventTypesPage() {
  const { workspace, role } = await requireConsoleContext();
  const page = await listEventTypes(workspace.id, { limit: 100 });
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
    </div>
  );
}
