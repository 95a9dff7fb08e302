import type { Metadata } from "next";
import Link from "next/link";
import { BackLink } from "@/components/console/back-link";
import { ResponseBody } from "@/components/console/response-body";
import { TenantLine } from "@/components/console/tenant-link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { JsonBlock } from "@/components/ui/json-block";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { idOrNotFound, orNotFound } from "@/lib/console/or-not-found";
import { getDeliveryWithAttempts } from "@/lib/deliveries/queries";
import { getEndpoint } from "@/lib/endpoints/endpoints";
import { getEvent } from "@/lib/events/queries";
import { tenantLabels } from "@/lib/tenants/labels";
import { DeliveryButtons } from "../_components/delivery-buttons";
import { statusTone } from "../_components/status-tone";

export const metadata: Metadata = { title: "Delivery" };

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

export default async function DeliveryPage({ params }: { params: Promise<{ id: string }> }) {
  const { workspace, role } = await requireConsoleContext();
  const id = idOrNotFound("dlv", (await params).id);
  const delivery = await orNotFound(getDeliveryWithAttempts(workspace.id, id));
  const [event, endpoint, labels] = await Promise.all([
    getEvent(workspace.id, delivery.eventId),
    getEndpoint(workspace.id, delivery.endpointId, "redacted"),
    tenantLabels(workspace.id, [delivery.tenantId]),
  ]);
  const lastAttempt = delivery.attempts.at(-1);
  return (
    <div className="max-w-5xl space-y-6">
      <header className="space-y-2">
        <BackLink href="/deliveries">Deliveries</BackLink>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="font-mono text-xl font-semibold">{delivery.id}</h1>
          <Badge tone={statusTone[delivery.status]}>{delivery.status}</Badge>
        </div>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          <span className="font-mono">{event.type}</span> to{" "}
          <Link href={`/endpoints/${endpoint.id}`} className="text-teal-800 underline dark:text-teal-300">
            {endpoint.url}
          </Link>{" "}
          · {delivery.attemptCount} attempt{delivery.attemptCount === 1 ? "" : "s"}
          {delivery.nextAttemptAt ? ` · next attempt ${delivery.nextAttemptAt.toLocaleString()}` : ""}
        </p>
        <TenantLine tenantId={delivery.tenantId} label={delivery.tenantId ? labels.get(delivery.tenantId) : undefined} />
        {hasRole(role, "admin") ? <DeliveryButtons deliveryId={delivery.id} eventId={event.id} /> : null}
      </header>

      <Card title="Event payload" description={`Event ${event.id}, occurred ${event.occurredAt.toLocaleString()}`}>
        <JsonBlock value={event.data} />
      </Card>

      {lastAttempt ? (
        <Card title="Request as sent" description="Headers of the latest attempt; the values of custom headers are redacted.">
          <pre className="overflow-auto rounded bg-zinc-100 p-3 text-xs dark:bg-zinc-900">{`POST ${endpoint.url}\n${Object.entries(lastAttempt.requestHeaders)
            .map(([name, value]) => `${name}: ${value}`)
            .join("\n")}`}</pre>
        </Card>
      ) : null}

      <Card title="Attempts" description="Every attempt, oldest first.">
        {delivery.attempts.length === 0 ? (
          <p className="text-sm text-zinc-600">
            No attempt yet{delivery.nextAttemptAt ? `; the first is due ${delivery.nextAttemptAt.toLocaleString()}` : ""}.
          </p>
        ) : (
          <ol className="space-y-4 border-l-2 border-zinc-200 pl-4 dark:border-zinc-800">
            {delivery.attempts.map((attempt) => {
              const ok = attempt.responseStatus !== null && attempt.responseStatus >= 200 && attempt.responseStatus < 300 && !attempt.error;
              return (
                <li key={attempt.id} className="space-y-1">
                  <div className="flex flex-wrap items-center gap-2 text-sm">
                    <Badge tone={ok ? "green" : "red"}>{attempt.responseStatus ?? "no response"}</Badge>
                    <span className="font-medium">Attempt {attempt.number}</span>
                    <Badge tone="gray">{attempt.trigger}</Badge>
                    <time dateTime={attempt.createdAt.toISOString()} className="text-zinc-600 dark:text-zinc-400">
                      {attempt.createdAt.toLocaleString()}
                    </time>
                    <span className="text-zinc-600 dark:text-zinc-400">{attempt.durationMs} ms</span>
                  </div>
                  {attempt.error ? <p className="text-sm text-red-700 dark:text-red-400">{attempt.error}</p> : null}
                  <details className="text-sm">
                    <summary className="cursor-pointer">Response</summary>
                    <pre className="mt-1 overflow-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-900">{pretty(attempt.responseHeaders ?? {})}</pre>
                    <ResponseBody body={attempt.responseBody} binary={attempt.responseBodyBinary} headers={attempt.responseHeaders} />
                  </details>
                </li>
              );
            })}
          </ol>
        )}
      </Card>
    </div>
  );
}
