import type { Metadata } from "next";
import Link from "next/link";
import { BackLink } from "@/components/console/back-link";
import { FollowWhile } from "@/components/console/live-refresh";
import { TenantLine, TenantLink } from "@/components/console/tenant-link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { JsonBlock } from "@/components/ui/json-block";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th } from "@/components/ui/table";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { idOrNotFound, orNotFound } from "@/lib/console/or-not-found";
import { isFinished } from "@/lib/deliveries/status";
import { endpointUrls } from "@/lib/endpoints/endpoints";
import { getEventWithDeliveries } from "@/lib/events/queries";
import { tenantLabels } from "@/lib/tenants/labels";
import { webhookBody } from "@/lib/webhooks/message";
import { statusTone } from "../../deliveries/_components/status-tone";
import { ResendButton } from "../_components/resend-button";

export const metadata: Metadata = { title: "Event" };

const OUTCOME_ORDER = ["succeeded", "failed", "retrying", "delivering", "pending", "skipped"] as const;

/** "2 succeeded · 1 retrying": how the event's deliveries stand, in the order an operator scans for. */
function outcomeSummary(deliveries: { status: (typeof OUTCOME_ORDER)[number] }[]): string | undefined {
  const counts = new Map<string, number>();
  for (const { status } of deliveries) counts.set(status, (counts.get(status) ?? 0) + 1);
  const parts = OUTCOME_ORDER.filter((status) => counts.has(status)).map((status) => `${counts.get(status)} ${status}`);
  return parts.length ? parts.join(" · ") : undefined;
}

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const { workspace, role } = await requireConsoleContext();
  const id = idOrNotFound("evt", (await params).id);
  const event = await orNotFound(getEventWithDeliveries(workspace.id, id));
  const [labels, urls] = await Promise.all([
    tenantLabels(workspace.id, [event.tenantId]),
    endpointUrls(
      workspace.id,
      event.deliveries.map((delivery) => delivery.endpointId),
    ),
  ]);
  const tenant = event.tenantId ? labels.get(event.tenantId) : undefined;
  const canManage = hasRole(role, "admin");
  const totalAttempts = event.deliveries.reduce((sum, delivery) => sum + delivery.attemptCount, 0);
  return (
    <div className="max-w-5xl space-y-6">
      <FollowWhile active={event.deliveries.some((delivery) => !isFinished(delivery.status))} />
      <header className="space-y-1">
        <BackLink href="/events">Events</BackLink>
        <h1 className="break-all font-mono text-xl font-semibold">{event.id}</h1>
        <p className="break-words text-sm text-zinc-600 dark:text-zinc-400">
          <span className="font-mono">{event.type}</span> · occurred <RelativeTime date={event.occurredAt} exact />
          {event.idempotencyKey ? ` · idempotency key ${event.idempotencyKey}` : ""}
        </p>
        <TenantLine tenantId={event.tenantId} label={tenant} />
      </header>
      <Card title="Deliveries" description={outcomeSummary(event.deliveries) ?? "One per endpoint the event went to."}>
        {event.deliveries.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No endpoint was subscribed to this event type when it was published.</p>
        ) : (
          <div className="space-y-3">
            {canManage && event.deliveries.length > 1 ? (
              <ResendButton eventId={event.id} attemptCount={totalAttempts} label="Resend to every endpoint" />
            ) : null}
            <Table caption="Endpoints this event went to">
              <thead>
                <tr>
                  <Th>Endpoint</Th>
                  <Th>Tenant</Th>
                  <Th>Status</Th>
                  <Th>Attempts</Th>
                  <Th>Last response</Th>
                  <Th>Delivery</Th>
                  {canManage ? (
                    <Th>
                      <span className="sr-only">Actions</span>
                    </Th>
                  ) : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {event.deliveries.map((delivery) => (
                  <tr key={delivery.id}>
                    <Td className="max-w-xs">
                      <Link
                        href={`/endpoints/${delivery.endpointId}`}
                        title={urls.get(delivery.endpointId)}
                        className="block truncate text-teal-800 hover:underline dark:text-teal-300"
                      >
                        {urls.get(delivery.endpointId) ?? delivery.endpointId}
                      </Link>
                    </Td>
                    <Td>
                      <TenantLink tenantId={delivery.tenantId} label={tenant} />
                    </Td>
                    <Td>
                      <Badge tone={statusTone[delivery.status]}>{delivery.status}</Badge>
                    </Td>
                    <Td className="tabular-nums">{delivery.attemptCount}</Td>
                    <Td>
                      {delivery.lastError ? (
                        <span title={delivery.lastError} className="cursor-help whitespace-nowrap underline decoration-dotted underline-offset-2">
                          {delivery.lastStatusCode ?? "no response"}
                        </span>
                      ) : (
                        (delivery.lastStatusCode ?? "—")
                      )}
                    </Td>
                    <Td>
                      <Link
                        href={`/deliveries/${delivery.id}`}
                        className="whitespace-nowrap font-mono text-xs text-teal-800 hover:underline dark:text-teal-300"
                      >
                        {delivery.id}
                      </Link>
                    </Td>
                    {canManage ? (
                      <Td>
                        <ResendButton eventId={event.id} endpointId={delivery.endpointId} attemptCount={delivery.attemptCount} label="Resend" />
                      </Td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )}
      </Card>
      <Card title="Message" description="What every endpoint receives for this event, formatted here; a delivery's Request tab shows the exact bytes.">
        <JsonBlock value={JSON.parse(webhookBody(event))} />
      </Card>
    </div>
  );
}
