import { EventCatalog } from "@/components/portal/event-catalog";

export default function PortalEventTypesPage() {
  return <EventCatalog />;
}
