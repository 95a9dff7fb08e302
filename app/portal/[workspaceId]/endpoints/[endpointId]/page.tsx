import { EndpointPage } from "@/components/portal/endpoint-page";

type Props = { params: Promise<{ endpointId: string }>; searchParams: Promise<{ created?: string }> };

export default async function PortalEndpointPage({ params, searchParams }: Props) {
  const [{ endpointId }, { created }] = await Promise.all([params, searchParams]);
  return <EndpointPage endpointId={endpointId} created={created === "1"} />;
}
