import type { Metadata } from "next";
import Link from "next/link";
import { BackLink } from "@/components/console/back-link";
import { ResponseBody } from "@/components/console/response-body";
import { TenantLine } from "@/components/console/tenant-link";
import { WireBlock } from "@/components/console/wire-block";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { Tabs } from "@/components/ui/tabs";
import { hasRole } from "@/lib/auth/roles";
import { requireConsoleContext } from "@/lib/auth/session";
import { idOrNotFound, orNotFound } from "@/lib/console/or-not-found";
import { getDeliveryWithAttempts } from "@/lib/deliveries/queries";
import { getEndpoint } from "@/lib/endpoints/endpoints";
import { getEvent } from "@/lib/events/queries";
import { tenantLabels } from "@/lib/tenants/labels";
import { formatDurationMs } from "@/lib/time/format-duration";
import { webhookBody } from "@/lib/webhooks/message";
import { DeliveryActions } from "../_components/delivery-actions";
import { statusTone } from "../_components/status-tone";

export const metadata: Metadata = { title: "Delivery" };

type Attempt = Awaited<ReturnType<typeof getDeliveryWithAttempts>>["attempts"][number];

const headerLines = (headers: Record<string, string>) =>
  Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join("\n");

// Attempts do not record the URL: the endpoint's may have changed since, so the request line is not shown.
function RequestPanel({ attempt, body }: { attempt: Attempt; body: string }) {
  return (
    <div className="space-y-3">
      <WireBlock title="Headers" text={headerLines(attempt.requestHeaders)} />
      <p className="text-xs text-zinc-600 dark:text-zinc-400">The values of the endpoint's own headers are redacted.</p>
      <WireBlock title="Body" text={body} copyLabel="Copy body" />
    </div>
  );
}

function ResponsePanel({ attempt }: { attempt: Attempt }) {
  if (attempt.responseStatus === null) {
    return <p className="text-sm text-zinc-700 dark:text-zinc-300">No response{attempt.error ? `: ${attempt.error}` : "."}</p>;
  }
  return (
    <div className="space-y-3">
      <WireBlock title="Headers" text={`HTTP ${attempt.responseStatus}\n${headerLines(attempt.responseHeaders ?? {})}`} />
      <div>
        <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">Body</h3>
        <ResponseBody body={attempt.responseBody} binary={attempt.responseBodyBinary} headers={attempt.responseHeaders} />
      </div>
    </div>
  );
}

export default async function DeliveryPage({ params }: { params: Promise<{ id: string }> }) {
  const { workspace, role } = await requireConsoleContext();
  const id = idOrNotFound("dlv", (await params).id);
  const delivery = await orNotFound(getDeliveryWithAttempts(workspace.id, id));
  const [event, endpoint, labels] = await Promise.all([
    getEvent(workspace.id, delivery.eventId),
    getEndpoint(workspace.id, delivery.endpointId, "redacted"),
    tenantLabels(workspace.id, [delivery.tenantId]),
  ]);
  // Every attempt sends the same message: the event as the engine serialises it.
  const body = webhookBody(event);
  const newestFirst = [...delivery.attempts].reverse();
  return (
    <div className="max-w-5xl space-y-6">
      <header className="space-y-2">
        <BackLink href="/deliveries">Deliveries</BackLink>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="break-all font-mono text-xl font-semibold">{delivery.id}</h1>
          <Badge tone={statusTone[delivery.status]}>{delivery.status}</Badge>
        </div>
        <p className="break-words text-sm text-zinc-600 dark:text-zinc-400">
          <Link href={`/events/${event.id}`} className="font-mono text-teal-800 underline dark:text-teal-300">
            {event.type}
          </Link>{" "}
          to{" "}
          <Link href={`/endpoints/${endpoint.id}`} className="break-all text-teal-800 underline dark:text-teal-300">
            {endpoint.url}
          </Link>{" "}
          · {delivery.attemptCount} attempt{delivery.attemptCount === 1 ? "" : "s"}
          {delivery.nextAttemptAt ? (
            <>
              {" "}
              · next attempt <RelativeTime date={delivery.nextAttemptAt} exact />
            </>
          ) : null}
        </p>
        <TenantLine tenantId={delivery.tenantId} label={delivery.tenantId ? labels.get(delivery.tenantId) : undefined} />
        <DeliveryActions
          deliveryId={delivery.id}
          eventId={event.id}
          status={delivery.status}
          attemptCount={delivery.attemptCount}
          canManage={hasRole(role, "admin")}
        />
      </header>

      <Card title="Attempts" description="Newest first, each with the request as sent and the response as received. Times are in UTC.">
        {newestFirst.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            No attempt yet
            {delivery.nextAttemptAt ? (
              <>
                ; the first is due <RelativeTime date={delivery.nextAttemptAt} exact />
              </>
            ) : null}
            .
          </p>
        ) : (
          <ol className="space-y-3">
            {newestFirst.map((attempt, index) => {
              const ok = attempt.responseStatus !== null && attempt.responseStatus >= 200 && attempt.responseStatus < 300 && !attempt.error;
              return (
                <li key={attempt.id}>
                  <details open={index === 0} className="group rounded-md border border-zinc-200 dark:border-zinc-800">
                    <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
                      <Badge tone={ok ? "green" : "red"}>{attempt.responseStatus ?? "no response"}</Badge>
                      <span className="font-medium">Attempt {attempt.number}</span>
                      <Badge tone="gray">{attempt.trigger}</Badge>
                      <span className="text-zinc-600 dark:text-zinc-400">
                        <RelativeTime date={attempt.createdAt} exact />
                      </span>
                      <span className="tabular-nums text-zinc-600 dark:text-zinc-400">{formatDurationMs(attempt.durationMs)}</span>
                    </summary>
                    <div className="space-y-3 border-t border-zinc-200 px-3 py-3 dark:border-zinc-800">
                      {attempt.error ? <p className="break-words text-sm text-red-700 dark:text-red-400">{attempt.error}</p> : null}
                      <Tabs
                        label={`Attempt ${attempt.number}`}
                        tabs={[
                          { id: "request", label: "Request", content: <RequestPanel attempt={attempt} body={body} /> },
                          { id: "response", label: "Response", content: <ResponsePanel attempt={attempt} /> },
                        ]}
                      />
                    </div>
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
