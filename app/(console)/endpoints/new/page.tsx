import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { eventTypeCatalog } from "@/lib/event-types/event-types";
import { EndpointForm } from "../_components/endpoint-form";
import { createEndpointAction } from "../actions";

export const metadata: Metadata = { title: "New endpoint" };

export default async function NewEndpointPage() {
  const { workspace, role } = await requireConsoleContext();
  if (!hasRole(role, "admin")) redirect("/endpoints");
  const catalog = await eventTypeCatalog(workspace.id);
  return (
    <>
      <PageHeader title="New endpoint" description="Tern signs every request; you get the signing secret on the next page." />
      <Card title="Endpoint">
        <EndpointForm action={createEndpointAction} catalog={catalog.map((t) => t.name)} submitLabel="Create endpoint" />
      </Card>
    </>
  );
}
