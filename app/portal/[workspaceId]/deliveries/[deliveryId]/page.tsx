import { DeliveryDetail } from "@/components/portal/delivery-detail";

export default async function PortalDeliveryPage({ params }: { params: Promise<{ deliveryId: string }> }) {
  return <DeliveryDetail deliveryId={(await params).deliveryId} />;
}
