import type { Metadata } from "next";
import Link from "next/link";
import { BackLink } from "@/components/console/back-link";
import { TenantLine } from "@/components/console/tenant-link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { JsonBlock } from "@/components/ui/json-block";
import { Table, Td, Th } from "@/components/ui/table";
import { requireConsoleContext } from "@/lib/auth/session";
import { idOrNotFound, orNotFound } from "@/lib/console/or-not-found";
import { getEventWithDeliveries } from "@/lib/events/queries";
import { tenantLabels } from "@/lib/tenants/labels";
import { statusTone } from "../../deliveries/_components/status-tone";

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
  const { workspace } = await requireConsoleContext();
  const id = idOrNotFound("evt", (await params).id);
  const event = await orNotFound(getEventWithDeliveries(workspace.id, id));
  const labels = await tenantLabels(workspace.id, [event.tenantId]);
  return (
    <div className="max-w-5xl space-y-6">
      <header className="space-y-1">
        <BackLink href="/events">Events</BackLink>
        <h1 className="font-mono text-xl font-semibold">{event.id}</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          <span className="font-mono">{event.type}</span> · occurred {event.occurredAt.toLocaleString()}
          {event.idempotencyKey ? ` · idempotency key ${event.idempotencyKey}` : ""}
        </p>
        <TenantLine tenantId={event.tenantId} label={event.tenantId ? labels.get(event.tenantId) : undefined} />
      </header>
      <Card title="Payload">
        <JsonBlock value={event.data} />
      </Card>
      <Card title="Deliveries" description={outcomeSummary(event.deliveries)}>
        {event.deliveries.length === 0 ? (
          <p className="text-sm text-zinc-500">No endpoint was subscribed to this event type when it was published.</p>
        ) : (
          <Table caption="Deliveries of this event">
            <thead>
              <tr>
                <Th>Delivery</Th>
                <Th>Status</Th>
                <Th>Attempts</Th>
                <Th>Last status</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {event.deliveries.map((delivery) => (
                <tr key={delivery.id}>
                  <Td>
                    <Link href={`/deliveries/${delivery.id}`} className="font-mono text-xs text-teal-800 hover:underline dark:text-teal-300">
                      {delivery.id}
                    </Link>
                  </Td>
                  <Td>
                    <Badge tone={statusTone[delivery.status]}>{delivery.status}</Badge>
                  </Td>
                  <Td>{delivery.attemptCount}</Td>
                  <Td>{delivery.lastStatusCode ?? "—"}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}
