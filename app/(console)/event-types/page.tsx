import type { Metadata } from "next";
import Link from "next/link";
import { Pager } from "@/components/console/pager";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass } from "@/components/ui/field";
import { JsonBlock } from "@/components/ui/json-block";
import { JsonSchemaTree } from "@/components/ui/json-schema-tree";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { listHref } from "@/lib/console/list-href";
import { publicOrigin } from "@/lib/console/public-origin";
import { parseSearchParams, type SearchParams } from "@/lib/console/search-params";
import { endpointsNaming, listEventTypes, newerEventTypesCursor, searchBuiltInEventTypes } from "@/lib/event-types/event-types";
import { createEventTypeCurl } from "@/lib/onboarding/examples";
import { getWorkspace } from "@/lib/workspaces/workspaces";
import { IgnoredSearchParams } from "../_components/ignored-search-params";
import { EventTypeEntry } from "./_components/event-type-entry";
import { NewEventType } from "./_components/new-event-type";
import { catalogSearch } from "./search-params";

export const metadata: Metadata = { title: "Event types" };

const PAGE_SIZE = 20;

type CatalogEntry = { name: string; description: string; schema: Record<string, unknown> | null; example: Record<string, unknown> | null };

/** A type's data as a property tree and its example, side by side on a wide screen; the raw schema one click away. */
function EventTypeDetails({ type }: { type: CatalogEntry }) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div className="min-w-0">
        <h3 className="mb-2 text-sm font-medium text-zinc-900 dark:text-zinc-100">Data</h3>
        {type.schema ? (
          <>
            <JsonSchemaTree schema={type.schema} />
            <details className="mt-3">
              <summary className="cursor-pointer text-sm text-teal-800 hover:underline dark:text-teal-300">Raw JSON Schema</summary>
              <div className="mt-2">
                <JsonBlock value={type.schema} label={`JSON Schema of ${type.name}`} />
              </div>
            </details>
          </>
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No schema: any JSON object is accepted.</p>
        )}
      </div>
      <div className="min-w-0">
        <h3 className="mb-2 text-sm font-medium text-zinc-900 dark:text-zinc-100">Example</h3>
        {type.example ? (
          <JsonBlock value={type.example} label={`Example of ${type.name}`} />
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No example.</p>
        )}
      </div>
    </div>
  );
}

function EntryHeading({ type, badge }: { type: CatalogEntry; badge?: React.ReactNode }) {
  return (
    <header className="mb-4">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="font-mono text-base font-semibold break-all text-zinc-900 dark:text-zinc-100">{type.name}</h2>
        {badge}
      </div>
      {type.description ? <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">{type.description}</p> : null}
    </header>
  );
}

const entryClass = "rounded-lg border border-zinc-200 bg-white p-5 shadow-xs dark:border-zinc-800 dark:bg-zinc-900";

function deleteConsequence(name: string, strict: boolean, endpoints: number) {
  return (
    <>
      <p>
        {strict
          ? `Strict mode is on: publishing ${name} is refused (422) from then on.`
          : `Strict mode is off: ${name} can still be published, with no schema to check it and no example for the test form.`}
      </p>
      <p>
        {endpoints === 0
          ? "No endpoint names it in its event types."
          : `${endpoints === 1 ? "1 endpoint names" : `${endpoints} endpoints name`} it in its event types and keep${endpoints === 1 ? "s" : ""} it there.`}{" "}
        Its description, schema and example cannot be brought back.
      </p>
    </>
  );
}

export default async function EventTypesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { workspace, role } = await requireConsoleContext();
  const {
    values: { search, cursor },
    ignored,
  } = parseSearchParams(catalogSearch, await searchParams);
  const [page, settings, newerCursor] = await Promise.all([
    listEventTypes(workspace.id, { limit: PAGE_SIZE, cursor, search }, { builtIns: false }),
    getWorkspace(workspace.id),
    cursor ? newerEventTypesCursor(workspace.id, { cursor, search, limit: PAGE_SIZE }) : undefined,
  ]);
  const subscribers = await endpointsNaming(
    workspace.id,
    page.data.map((type) => type.name),
  );
  const strict = settings?.strictEventTypes ?? false;
  const canManage = hasRole(role, "admin");
  const builtIns = cursor ? [] : searchBuiltInEventTypes(search);
  const catalogIsEmpty = page.data.length === 0 && !search && !cursor;
  return (
    <div className="max-w-6xl space-y-6">
      <PageHeader title="Event types" description="The catalog your endpoints subscribe from: what each event means and the shape of its data." />
      <IgnoredSearchParams names={ignored} />
      <Alert tone="info">
        {strict
          ? "Strict mode is on: an event whose type is not in this catalog, or whose data does not match its type's schema, is refused with 422."
          : "Strict mode is off: events of any type are accepted, and schemas are not checked when events are published."}{" "}
        <Link href="/settings/workspace" className="text-teal-800 underline dark:text-teal-300">
          Change it in the workspace settings
        </Link>
        .
      </Alert>
      {canManage ? <NewEventType startOpen={catalogIsEmpty} /> : null}
      {/* biome-ignore lint/a11y/useSemanticElements: a GET form with the search landmark role; the <search> element is not yet in React's types */}
      <form method="get" className="flex flex-wrap items-end gap-2" role="search" aria-label="Search event types">
        <label className="min-w-0 flex-1 text-sm sm:max-w-sm">
          <span className="mb-1 block font-medium">Search the catalog</span>
          <input name="search" type="search" defaultValue={search ?? ""} placeholder="invoice or paid" maxLength={128} className={inputClass} />
        </label>
        <button type="submit" className={buttonClass("secondary")}>
          Search
        </button>
        {search ? (
          <Link href="/event-types" className={buttonClass("ghost")}>
            Clear
          </Link>
        ) : null}
      </form>
      {page.data.length === 0 ? (
        catalogIsEmpty ? (
          <EmptyState
            title="The catalog is empty"
            example={{ code: createEventTypeCurl({ origin: await publicOrigin() }), label: "Adding an event type with the API", copyLabel: "Copy command" }}
          >
            {canManage
              ? "Add the event types your product publishes, here or from your backend:"
              : "Ask an admin to add event types, here or from your backend:"}
          </EmptyState>
        ) : (
          <EmptyState title={search ? "No event types match" : "No more event types"}>
            {search ? `No type of this workspace has “${search}” in its name or description.` : "This page is past the last event type."}
          </EmptyState>
        )
      ) : (
        <ul className="space-y-4" aria-label="Event types">
          {page.data.map((type) => (
            <li key={type.id} className={entryClass}>
              <EntryHeading type={type} badge={type.schema ? null : <Badge tone="gray">No schema</Badge>} />
              {canManage ? (
                <EventTypeEntry
                  type={{ name: type.name, description: type.description, schema: type.schema, example: type.example }}
                  deleteConsequence={deleteConsequence(type.name, strict, subscribers.get(type.name) ?? 0)}
                >
                  <EventTypeDetails type={type} />
                </EventTypeEntry>
              ) : (
                <EventTypeDetails type={type} />
              )}
            </li>
          ))}
        </ul>
      )}
      <Pager
        noun="event types"
        firstHref={cursor ? listHref("/event-types", { search }) : undefined}
        previousHref={cursor ? listHref("/event-types", { search, cursor: newerCursor }) : undefined}
        nextHref={page.nextCursor ? listHref("/event-types", { search, cursor: page.nextCursor }) : undefined}
      />
      {builtIns.length > 0 ? (
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
          <ul className="space-y-4" aria-label="Tern's own event types">
            {builtIns.map((type) => (
              <li key={type.id} className={entryClass}>
                <EntryHeading type={type} badge={<Badge tone="blue">Built in, read-only</Badge>} />
                <EventTypeDetails type={type} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
