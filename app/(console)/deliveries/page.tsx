import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Deliveries" };

export default function Page() {
  return (
    <>
      <PageHeader title="Deliveries" description="Every delivery attempt, with request, response and retry schedule." />
      <EmptyState title="Nothing here yet">No deliveries yet. Deliveries appear here as soon as events fan out to endpoints.</EmptyState>
    </>
  );
}
