import type { Metadata } from "next";
import Link from "next/link";
import { Pager } from "@/components/console/pager";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th } from "@/components/ui/table";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { listHref } from "@/lib/console/list-href";
import { parseSearchParams, type SearchParams } from "@/lib/console/search-params";
import { newerTenantsCursor } from "@/lib/tenants/newer-page";
import { tenantSummaries } from "@/lib/tenants/summaries";
import { listTenants } from "@/lib/tenants/tenants";
import { IgnoredSearchParams } from "../_components/ignored-search-params";
import { DeletedTenantToast } from "./_components/deleted-tenant-toast";
import { TenantStatus } from "./_components/tenant-status";
import { tenantsSearch } from "./search-params";

export const metadata: Metadata = { title: "Tenants" };

const PAGE_SIZE = 50;

const CREATE_TENANT_CALL = `curl -X PUT "$TERN_URL/api/v1/tenants/cus_8f3a2" \\
  -H "Authorization: Bearer $TERN_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"name": "Acme Inc.", "metadata": {"plan": "pro"}}'`;

export default async function TenantsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { workspace, role } = await requireConsoleContext();
  const {
    values: { search, cursor, deleted },
    ignored,
  } = parseSearchParams(tenantsSearch, await searchParams);
  const page = await listTenants(workspace.id, { limit: PAGE_SIZE, cursor, search });
  const [summaries, newerCursor] = await Promise.all([
    tenantSummaries(
      workspace.id,
      page.data.map((tenant) => tenant.id),
    ),
    cursor ? newerTenantsCursor(workspace.id, { cursor, search, limit: PAGE_SIZE }) : undefined,
  ]);
  const canManage = hasRole(role, "admin");
  return (
    <>
      {deleted ? <DeletedTenantToast tenantKey={deleted} /> : null}
      <div className="flex items-start justify-between gap-4">
        <PageHeader title="Tenants" description="Your customers. An event for a tenant reaches only that tenant's endpoints." />
        {canManage ? (
          <Link href="/tenants/new" className={buttonClass("primary")}>
            New tenant
          </Link>
        ) : null}
      </div>
      <IgnoredSearchParams names={ignored} />
      {/* biome-ignore lint/a11y/useSemanticElements: a GET form with the search landmark role; the <search> element is not yet in React's types */}
      <form method="get" className="mb-4 flex items-end gap-2" role="search" aria-label="Search tenants">
        <label className="text-sm">
          <span className="mb-1 block font-medium">Key or name starts with</span>
          <input name="search" type="search" defaultValue={search ?? ""} placeholder="cus_ or Acme" maxLength={128} className={inputClass} />
        </label>
        <button type="submit" className={buttonClass("secondary")}>
          Search
        </button>
        {search ? (
          <Link href="/tenants" className={buttonClass("ghost")}>
            Clear
          </Link>
        ) : null}
      </form>
      {page.data.length === 0 ? (
        search || cursor ? (
          <EmptyState title={search ? "No tenants match" : "No more tenants"}>
            {search ? `No tenant's key or name starts with “${search}”.` : "This page is past the last tenant."}
          </EmptyState>
        ) : (
          <EmptyState title="No tenants yet">
            <p>A tenant is one of your customers. Your backend creates one when the customer signs up, with one call:</p>
            <pre className="mx-auto mt-3 max-w-2xl overflow-x-auto rounded bg-zinc-100 p-3 text-left font-mono text-xs text-zinc-800 dark:bg-zinc-900 dark:text-zinc-200">
              {CREATE_TENANT_CALL}
            </pre>
            <p className="mt-3">Publishing an event with a new tenant key creates the tenant too.</p>
            {canManage ? (
              <Link href="/tenants/new" className={buttonClass("primary", "mt-4")}>
                New tenant
              </Link>
            ) : null}
          </EmptyState>
        )
      ) : (
        <Table caption="Tenants">
          <thead>
            <tr>
              <Th>Tenant</Th>
              <Th>Endpoints</Th>
              <Th>Success (24 h)</Th>
              <Th>Last event</Th>
              <Th>Status</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {page.data.map((tenant) => {
              const summary = summaries.get(tenant.id);
              return (
                <tr key={tenant.id}>
                  <Td className="max-w-xs">
                    <Link href={`/tenants/${tenant.id}`} className="block truncate font-medium text-teal-800 hover:underline dark:text-teal-300">
                      {tenant.name}
                    </Link>
                    <span className="block truncate font-mono text-xs text-zinc-600 dark:text-zinc-400">{tenant.key}</span>
                  </Td>
                  <Td>{summary?.endpoints ?? 0}</Td>
                  <Td>
                    {summary?.successRate24h == null ? (
                      "—"
                    ) : (
                      <span title={`${summary.succeeded24h} succeeded, ${summary.failed24h} failed`}>{Math.round(100 * summary.successRate24h)} %</span>
                    )}
                  </Td>
                  <Td>{summary?.lastEventAt ? <RelativeTime date={summary.lastEventAt} /> : "—"}</Td>
                  <Td>
                    <TenantStatus disabled={tenant.disabled} disabledReason={tenant.disabledReason} />
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
      <Pager
        noun="tenants"
        firstHref={cursor ? listHref("/tenants", { search }) : undefined}
        previousHref={cursor ? listHref("/tenants", { search, cursor: newerCursor }) : undefined}
        nextHref={page.nextCursor ? listHref("/tenants", { search, cursor: page.nextCursor }) : undefined}
      />
    </>
  );
}
