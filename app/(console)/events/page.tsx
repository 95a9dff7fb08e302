import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Events" };

export default function Page() {
  return (
    <>
      <PageHeader title="Events" description="Events your systems published, and how their deliveries went." />
      <EmptyState title="Nothing here yet">No events yet. Publish one with POST /api/v1/events and an API key from Settings.</EmptyState>
    </>
  );
}
