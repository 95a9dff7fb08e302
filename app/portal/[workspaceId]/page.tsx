import { EndpointList } from "@/components/portal/endpoint-list";

export default function PortalEndpointsPage() {
  return <EndpointList />;
}
