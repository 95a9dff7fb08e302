import { EditEndpoint } from "@/components/portal/edit-endpoint";

export default async function PortalEditEndpointPage({ params }: { params: Promise<{ endpointId: string }> }) {
  return <EditEndpoint endpointId={(await params).endpointId} />;
}
