import type { Metadata } from "next";
import Link from "next/link";
import { FilterForm } from "@/components/console/filter-form";
import { Pager } from "@/components/console/pager";
import { TimeRangeSelect } from "@/components/console/time-range-select";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th } from "@/components/ui/table";
import { auditActions, SYSTEM_ACTOR } from "@/lib/audit/queries";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { listHref } from "@/lib/console/list-href";
import { parseSearchParams, type SearchParams } from "@/lib/console/search-params";
import { IgnoredSearchParams } from "../_components/ignored-search-params";
import { type AuditRow, loadAuditLogPage } from "./queries";
import { auditLogSearch } from "./search-params";

export const metadata: Metadata = { title: "Audit log" };

const actorTones = { user: "blue", api_key: "gray", portal: "amber", system: "green" } as const;

function Target({ row }: { row: AuditRow }) {
  const label = (
    <>
      <span className="block text-xs text-zinc-600 dark:text-zinc-400">{row.target.type.replace("_", " ")}</span>
      <span className="block truncate font-mono text-xs">{row.target.id}</span>
    </>
  );
  if (!row.targetHref) return <span title="No longer exists">{label}</span>;
  return (
    <Link href={row.targetHref} className="block text-teal-800 hover:underline dark:text-teal-300">
      {label}
    </Link>
  );
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { workspace, role } = await requireConsoleContext();
  if (!hasRole(role, "admin")) {
    return (
      <>
        <PageHeader title="Audit log" />
        <EmptyState title="For admins and owners">
          The audit log names revealed secrets and who holds which key, so only workspace admins and owners can read it. Ask one of them.
        </EmptyState>
      </>
    );
  }
  const { values: search, ignored } = parseSearchParams(auditLogSearch, await searchParams);
  const { rows, nextCursor, previousCursor, actors } = await loadAuditLogPage({ workspaceId: workspace.id, role }, search);
  const given = { actor: search.actor, action: search.action, range: search.range === "all" ? undefined : search.range };

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change and every secret reveal in this workspace, from the console, the API and the tenant portal, newest first. Times are in UTC."
      />
      <FilterForm label="Filter the audit log" className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4 lg:items-end">
        <label className="text-sm">
          <span className="mb-1 block font-medium">Actor</span>
          <input
            name="actor"
            list="audit-actors"
            defaultValue={search.actor ?? ""}
            placeholder="A member, API key or tenant id"
            maxLength={64}
            className={`${inputClass} font-mono`}
          />
          <datalist id="audit-actors">
            {actors.map((actor) => (
              <option key={actor.id} value={actor.id} label={actor.label} />
            ))}
            <option value={SYSTEM_ACTOR} label="Tern itself" />
          </datalist>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">Action</span>
          <select name="action" defaultValue={search.action ?? ""} className={inputClass}>
            <option value="">Any action</option>
            {auditActions.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </label>
        <TimeRangeSelect selected={search.range} />
        <div className="flex gap-2">
          <button type="submit" className={buttonClass("primary")}>
            Apply
          </button>
          <Link href="/audit-log" className={buttonClass("ghost")}>
            Reset
          </Link>
        </div>
      </FilterForm>
      <IgnoredSearchParams names={ignored} />
      {rows.length === 0 ? (
        <EmptyState title={search.cursor ? "No older entries" : "No entries match"}>
          {Object.values(given).some(Boolean)
            ? "Try a wider time range or fewer filters."
            : "Changes to endpoints, keys, members and tenants appear here as they happen."}
        </EmptyState>
      ) : (
        <Table caption="Audit log">
          <thead>
            <tr>
              <Th>When</Th>
              <Th>Actor</Th>
              <Th>Action</Th>
              <Th>Target</Th>
              <Th>Details</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {rows.map((row) => (
              <tr key={row.id}>
                <Td>
                  <RelativeTime date={row.createdAt} />
                </Td>
                <Td className="max-w-xs">
                  <Badge tone={actorTones[row.actor.type]}>{row.actor.type.replace("_", " ")}</Badge>
                  <span className="mt-1 block truncate">{row.actor.name}</span>
                </Td>
                <Td>
                  <span className="font-mono text-xs">{row.action}</span>
                </Td>
                <Td className="max-w-xs">
                  <Target row={row} />
                </Td>
                <Td>
                  {Object.keys(row.details).length === 0 ? (
                    <span className="text-zinc-600 dark:text-zinc-400">—</span>
                  ) : (
                    <details>
                      <summary className="cursor-pointer text-sm">Details</summary>
                      <pre className="mt-2 max-h-64 max-w-md overflow-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-900">
                        {JSON.stringify(row.details, null, 2)}
                      </pre>
                    </details>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pager
        noun="audit log entries"
        firstHref={search.cursor ? listHref("/audit-log", given) : undefined}
        previousHref={search.cursor ? listHref("/audit-log", { ...given, cursor: previousCursor }) : undefined}
        nextHref={nextCursor ? listHref("/audit-log", { ...given, cursor: nextCursor }) : undefined}
      />
    </>
  );
}
