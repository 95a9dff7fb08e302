import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { BackLink } from "@/components/console/back-link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { MAX_TENANT_METADATA_BYTES } from "@/lib/tenants/schemas";
import { TenantForm } from "../_components/tenant-form";
import { createTenantAction } from "../actions";

export const metadata: Metadata = { title: "New tenant" };

export default async function NewTenantPage() {
  const { role } = await requireConsoleContext();
  if (!hasRole(role, "admin")) redirect("/tenants");
  return (
    <>
      <div className="mb-2">
        <BackLink href="/tenants">Tenants</BackLink>
      </div>
      <PageHeader title="New tenant" description="One of your customers. Add its endpoints next; events published for it reach only those." />
      <Card title="Tenant">
        <TenantForm action={createTenantAction} submitLabel="Create tenant" maxMetadataBytes={MAX_TENANT_METADATA_BYTES} />
      </Card>
    </>
  );
}
