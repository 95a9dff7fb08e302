import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Event types" };

export default function Page() {
  return (
    <>
      <PageHeader title="Event types" description="The catalog of event names endpoints can subscribe to." />
      <EmptyState title="Nothing here yet">Manage the catalog through the REST API (GET/POST /api/v1/event-types) for now.</EmptyState>
    </>
  );
}
