import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Dashboard" };

export default function Page() {
  return (
    <>
      <PageHeader title="Dashboard" description="Delivery volume, success rate and latency for the workspace." />
      <EmptyState title="Nothing here yet">Publish your first event through the REST API, and its deliveries will be charted here.</EmptyState>
    </>
  );
}
