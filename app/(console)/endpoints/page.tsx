import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Endpoints" };

export default function Page() {
  return (
    <>
      <PageHeader title="Endpoints" description="The URLs that receive your events, signed with Standard Webhooks." />
      <EmptyState title="Nothing here yet">Endpoint management arrives with the delivery engine. For now, create an API key under Settings to get ready.</EmptyState>
    </>
  );
}
