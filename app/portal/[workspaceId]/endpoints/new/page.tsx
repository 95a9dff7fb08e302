import { EndpointForm } from "@/components/portal/endpoint-form";
import { PageTitle } from "@/components/portal/portal-ui";

export default function PortalNewEndpointPage() {
  return (
    <>
      <PageTitle title="Add endpoint" description="A URL of yours that receives the event types you choose." />
      <EndpointForm />
    </>
  );
}
