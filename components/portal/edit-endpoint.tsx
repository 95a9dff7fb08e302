"use client";

import type { PortalEndpoint } from "./api-types";
import { EndpointForm } from "./endpoint-form";
import { usePortal, usePortalQuery } from "./portal-session";
import { LoadError, Loading, PageTitle, ReadOnlyNote } from "./portal-ui";

export function EditEndpoint({ endpointId }: { endpointId: string }) {
  const { session } = usePortal();
  const { data, error } = usePortalQuery<PortalEndpoint>(`/api/v1/endpoints/${encodeURIComponent(endpointId)}`);
  if (error) return <LoadError error={error} />;
  if (!data) return <Loading what="the endpoint" />;
  return (
    <>
      <PageTitle title="Edit endpoint" description={data.url} />
      {session.readOnly ? <ReadOnlyNote>This link is read-only: endpoints cannot be changed with it.</ReadOnlyNote> : <EndpointForm endpoint={data} />}
    </>
  );
}
