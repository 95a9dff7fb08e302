import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { refusable } from "@/lib/console/refusable";
import { parseSearchParams, type SearchParams } from "@/lib/console/search-params";
import { eventTypeCatalog } from "@/lib/event-types/event-types";
import { tenantLabel } from "@/lib/tenants/labels";
import { IgnoredSearchParams } from "../../_components/ignored-search-params";
import { searchTenantsAction } from "../../_components/tenant-search-action";
import { EndpointForm } from "../_components/endpoint-form";
import { createEndpointAction } from "../actions";
import { newEndpointSearch } from "../search-params";

export const metadata: Metadata = { title: "New endpoint" };

export default async function NewEndpointPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { workspace, role } = await requireConsoleContext();
  if (!hasRole(role, "admin")) redirect("/endpoints");
  const {
    values: { tenant: tenantRef },
    ignored,
  } = parseSearchParams(newEndpointSearch, await searchParams);
  const [catalog, tenantChoice] = await Promise.all([
    eventTypeCatalog(workspace.id),
    refusable(async () => (tenantRef ? tenantLabel(workspace.id, tenantRef) : undefined)),
  ]);
  return (
    <>
      <PageHeader title="New endpoint" description="Tern signs every request; you get the signing secret on the next page." />
      <IgnoredSearchParams names={ignored} />
      {tenantChoice.ok ? null : (
        <div className="mb-4">
          <Alert tone="error">{tenantChoice.refusal}</Alert>
        </div>
      )}
      <Card title="Endpoint">
        <EndpointForm
          action={createEndpointAction}
          catalog={catalog.map((t) => t.name)}
          submitLabel="Create endpoint"
          searchTenants={searchTenantsAction}
          tenant={tenantChoice.ok ? tenantChoice.value : undefined}
        />
      </Card>
    </>
  );
}
