import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OutcomeChart } from "@/components/charts/outcome-chart";
import { BackLink } from "@/components/console/back-link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { JsonBlock } from "@/components/ui/json-block";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th } from "@/components/ui/table";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { orNotFound } from "@/lib/console/or-not-found";
import { parseSearchParams, type SearchParams } from "@/lib/console/search-params";
import { listDeliveries } from "@/lib/deliveries/queries";
import { endpointUrls, listEndpoints } from "@/lib/endpoints/endpoints";
import { deliveryStats } from "@/lib/stats/stats";
import { MAX_TENANT_METADATA_BYTES, tenantRef } from "@/lib/tenants/schemas";
import { getTenant } from "@/lib/tenants/tenants";
import { statusTone } from "../../deliveries/_components/status-tone";
import { DeleteTenant, TenantEnablement } from "../_components/tenant-controls";
import { TenantForm } from "../_components/tenant-form";
import { TenantStatus } from "../_components/tenant-status";
import { updateTenantAction } from "../actions";
import { tenantSearch } from "../search-params";
import { OpenPortalAsTenant, RevokePortalSessions } from "./_components/portal-controls";

export const metadata: Metadata = { title: "Tenant" };

const RECENT_DELIVERIES = 20;
const ENDPOINTS_SHOWN = 100;

type Props = { params: Promise<{ tenant: string }>; searchParams: Promise<SearchParams> };

/** The [tenant] segment names a tenant by id or key; anything else names none. */
function tenantRefOrNotFound(segment: string): string {
  let ref: string;
  try {
    ref = decodeURIComponent(segment);
  } catch {
    notFound();
  }
  const parsed = tenantRef.safeParse(ref);
  if (!parsed.success) notFound();
  return parsed.data;
}

const percent = (value: number | null) => (value === null ? "—" : `${(value * 100).toFixed(1)} %`);

export default async function TenantPage({ params, searchParams }: Props) {
  const { workspace, role } = await requireConsoleContext();
  const ref = tenantRefOrNotFound((await params).tenant);
  const { created } = parseSearchParams(tenantSearch, await searchParams).values;
  const tenant = await orNotFound(getTenant(workspace.id, ref));
  const [endpointPage, recent, stats] = await Promise.all([
    listEndpoints(workspace.id, { limit: ENDPOINTS_SHOWN, tenant: tenant.id }, "redacted"),
    listDeliveries(workspace.id, { tenant: tenant.id, limit: RECENT_DELIVERIES }),
    deliveryStats(workspace.id, { tenant: tenant.id }),
  ]);
  const urls = await endpointUrls(
    workspace.id,
    recent.data.map((delivery) => delivery.endpointId),
  );
  const canManage = hasRole(role, "admin");
  return (
    <div className="max-w-5xl space-y-6">
      <header className="space-y-2">
        <BackLink href="/tenants">Tenants</BackLink>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="min-w-0 truncate text-2xl font-semibold tracking-tight">{tenant.name}</h1>
          <TenantStatus disabled={tenant.disabled} disabledReason={tenant.disabledReason} />
        </div>
        <dl className="grid grid-cols-[5rem_minmax(0,1fr)] items-center gap-x-3 gap-y-1 text-sm">
          <dt className="text-zinc-500">Key</dt>
          <dd className="font-mono break-all">{tenant.key}</dd>
          <dt className="text-zinc-500">ID</dt>
          <dd className="flex flex-wrap items-center gap-2">
            <span className="font-mono break-all" data-testid="tenant-id">
              {tenant.id}
            </span>
            <CopyButton value={tenant.id} label="Copy ID" />
          </dd>
          <dt className="text-zinc-500">Created</dt>
          <dd>
            <RelativeTime date={tenant.createdAt} />
          </dd>
        </dl>
        {canManage ? <OpenPortalAsTenant tenantId={tenant.id} /> : null}
      </header>
      {created ? <Alert tone="success">Tenant created. Add its endpoints below; events published for it reach only those.</Alert> : null}

      <Card title="Health (24 h)" description="This tenant's attempts and deliveries of the last 24 hours.">
        <dl className="mb-4 grid grid-cols-2 gap-4 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-zinc-500">Attempt success rate</dt>
            <dd className="text-xl font-semibold tabular-nums" data-testid="tenant-success-rate">
              {percent(stats.attempts.successRate)}
            </dd>
          </div>
          <div>
            <dt className="text-zinc-500">Retrying now</dt>
            <dd className="text-xl font-semibold tabular-nums">{stats.retryingNow}</dd>
          </div>
          <div>
            <dt className="text-zinc-500">Succeeded</dt>
            <dd className="text-xl font-semibold tabular-nums">{stats.totals.succeeded}</dd>
          </div>
          <div>
            <dt className="text-zinc-500">Failed</dt>
            <dd className="text-xl font-semibold tabular-nums">{stats.totals.failed}</dd>
          </div>
        </dl>
        <OutcomeChart series={stats.series} bucket={stats.bucket} />
      </Card>

      <Card title="Endpoints" description="Where this tenant's events go. Only its own endpoints ever receive them.">
        {canManage ? (
          <Link href={`/endpoints/new?tenant=${tenant.id}`} className={buttonClass("secondary", "mb-3")}>
            Add endpoint
          </Link>
        ) : null}
        {endpointPage.data.length === 0 ? (
          <p className="text-sm text-zinc-500">No endpoints yet: events for this tenant are stored, but go nowhere.</p>
        ) : (
          <Table caption={`Endpoints of ${tenant.name}`}>
            <thead>
              <tr>
                <Th>URL</Th>
                <Th>Event types</Th>
                <Th>Enabled</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {endpointPage.data.map((endpoint) => (
                <tr key={endpoint.id}>
                  <Td className="max-w-md">
                    <Link href={`/endpoints/${endpoint.id}`} className="block truncate font-medium text-teal-800 hover:underline dark:text-teal-300">
                      {endpoint.url}
                    </Link>
                  </Td>
                  <Td>
                    <div className="flex flex-wrap gap-1">
                      {endpoint.eventTypes.map((type) => (
                        <Badge key={type} tone="gray">
                          {type}
                        </Badge>
                      ))}
                    </div>
                  </Td>
                  <Td>
                    {endpoint.enabled ? (
                      <Badge tone="green">Enabled</Badge>
                    ) : (
                      <Badge tone="red" title={endpoint.disabledReason ?? undefined}>
                        Disabled{endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ""}
                      </Badge>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {endpointPage.nextCursor ? (
          <Link href={`/endpoints?tenant=${tenant.id}`} className="mt-3 inline-block text-sm text-teal-800 hover:underline dark:text-teal-300">
            All of this tenant&apos;s endpoints →
          </Link>
        ) : null}
      </Card>

      <Card title="Recent deliveries" description={`The latest ${RECENT_DELIVERIES} deliveries of this tenant's events.`}>
        {recent.data.length === 0 ? (
          <p className="text-sm text-zinc-500">No deliveries yet.</p>
        ) : (
          <Table caption={`Recent deliveries of ${tenant.name}`}>
            <thead>
              <tr>
                <Th>Time</Th>
                <Th>Status</Th>
                <Th>Event type</Th>
                <Th>Endpoint</Th>
                <Th>Attempts</Th>
                <Th>Delivery</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {recent.data.map((delivery) => (
                <tr key={delivery.id}>
                  <Td>
                    <RelativeTime date={delivery.createdAt} />
                  </Td>
                  <Td>
                    <Badge tone={statusTone[delivery.status]} title={delivery.lastError ?? undefined}>
                      {delivery.status}
                    </Badge>
                  </Td>
                  <Td className="font-mono text-xs">{delivery.eventType}</Td>
                  <Td className="max-w-56">
                    <Link href={`/endpoints/${delivery.endpointId}`} className="block truncate hover:underline">
                      {urls.get(delivery.endpointId) ?? delivery.endpointId}
                    </Link>
                  </Td>
                  <Td>{delivery.attemptCount}</Td>
                  <Td>
                    <Link href={`/deliveries/${delivery.id}`} className="font-mono text-xs text-teal-800 hover:underline dark:text-teal-300">
                      {delivery.id}
                    </Link>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <Link href={`/deliveries?tenant=${tenant.id}`} className="mt-3 inline-block text-sm text-teal-800 hover:underline dark:text-teal-300">
          All deliveries →
        </Link>
      </Card>

      <Card title="Metadata" description="Kept with the tenant for your own use; Tern does not read it.">
        <JsonBlock value={tenant.metadata} />
      </Card>

      {canManage ? (
        <>
          <Card title="Settings">
            <TenantForm action={updateTenantAction} tenant={tenant} submitLabel="Save changes" maxMetadataBytes={MAX_TENANT_METADATA_BYTES} />
          </Card>
          <Card
            title={tenant.disabled ? "Enable" : "Disable"}
            description={
              tenant.disabled
                ? `Disabled: ${tenant.disabledReason ?? "no reason given"}. Its deliveries are skipped until it is enabled.`
                : "A disabled tenant's deliveries are skipped, with the reason; its events are still stored."
            }
          >
            <TenantEnablement tenantId={tenant.id} disabled={tenant.disabled} />
          </Card>
          <Card
            title="Portal sessions"
            description="Links to the portal opened for this tenant, by your backend or from here, work until they expire or are revoked here."
          >
            <RevokePortalSessions tenant={tenant} />
          </Card>
          <Card title="Delete" description="Removes the tenant with its endpoints, events, deliveries and attempts.">
            <DeleteTenant tenant={tenant} />
          </Card>
        </>
      ) : null}
    </div>
  );
}
