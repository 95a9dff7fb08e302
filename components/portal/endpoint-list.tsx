"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import type { Page, PortalEndpoint } from "./api-types";
import { usePortal, usePortalQuery } from "./portal-session";
import { accentButtonClass, LoadError, Loading, PageTitle } from "./portal-ui";

export function EndpointList() {
  const { workspaceId, session } = usePortal();
  const { data, error } = usePortalQuery<Page<PortalEndpoint>>("/api/v1/endpoints?limit=100");
  const base = `/portal/${workspaceId}`;
  const newLink = session.readOnly ? null : (
    <Link href={`${base}/endpoints/new`} className={accentButtonClass}>
      Add endpoint
    </Link>
  );
  return (
    <>
      <PageTitle title="Endpoints" description="The URLs that receive your webhooks, each signed so you can verify it came from us.">
        {newLink}
      </PageTitle>
      {error ? <LoadError error={error} /> : null}
      {!data && !error ? <Loading what="endpoints" /> : null}
      {data && data.data.length === 0 ? (
        <EmptyState title="No endpoints yet">
          {session.readOnly ? "None has been added." : "Add an endpoint: a URL of yours that receives the event types you choose."}
        </EmptyState>
      ) : null}
      {data && data.data.length > 0 ? (
        <Table caption="Endpoints">
          <thead>
            <tr>
              <Th>Endpoint</Th>
              <Th>Event types</Th>
              <Th>Status</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {data.data.map((endpoint) => (
              <tr key={endpoint.id}>
                <Td className="max-w-xs break-all">
                  <Link href={`${base}/endpoints/${endpoint.id}`} className="font-medium underline-offset-2 hover:underline focus-visible:outline-2">
                    {endpoint.name ?? endpoint.url}
                  </Link>
                  {endpoint.name ? <p className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{endpoint.url}</p> : null}
                  {endpoint.description ? <p className="text-xs text-zinc-600 dark:text-zinc-400">{endpoint.description}</p> : null}
                  {endpoint.tags.length > 0 ? (
                    <ul aria-label="Tags" className="mt-1 flex flex-wrap gap-1">
                      {endpoint.tags.map((tag) => (
                        <li key={tag}>
                          <Badge tone="gray">{tag}</Badge>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </Td>
                <Td className="text-xs">{endpoint.eventTypes.join(", ")}</Td>
                <Td>{endpoint.enabled ? <Badge tone="green">enabled</Badge> : <Badge tone="gray">disabled</Badge>}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </>
  );
}
