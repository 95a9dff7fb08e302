import { DeliveryLog } from "@/components/portal/delivery-log";
import { PageTitle } from "@/components/portal/portal-ui";

export default function PortalDeliveriesPage() {
  return (
    <>
      <PageTitle title="Deliveries" description="Every webhook sent to your endpoints, newest first, with each attempt's request and response." />
      <DeliveryLog />
    </>
  );
}
