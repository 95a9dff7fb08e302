"use client";

import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { JsonBlock } from "@/components/ui/json-block";
import type { PortalAttempt, PortalDelivery, PortalEvent } from "./api-types";
import { PortalApiError, usePortal, usePortalQuery } from "./portal-session";
import { DeliveryStatusBadge, formatTime, LoadError, Loading, PageTitle, ScrollingPre, Section } from "./portal-ui";

function Headers({ headers }: { headers: Record<string, string> }) {
  return (
    <ScrollingPre className="max-h-48">
      {Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}`)
        .join("\n") || "(none)"}
    </ScrollingPre>
  );
}

/** One delivery: the event it carried and every attempt, request as sent (secrets redacted) and response. */
export function DeliveryDetail({ deliveryId }: { deliveryId: string }) {
  const { workspaceId, session, api } = usePortal();
  const {
    data: delivery,
    error,
    reload,
  } = usePortalQuery<PortalDelivery & { attempts: PortalAttempt[] }>(`/api/v1/deliveries/${encodeURIComponent(deliveryId)}`);
  const event = usePortalQuery<PortalEvent>(delivery ? `/api/v1/events/${encodeURIComponent(delivery.eventId)}` : null);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string }>();
  if (error) return <LoadError error={error} />;
  if (!delivery) return <Loading what="the delivery" />;

  async function retry() {
    try {
      await api(`/api/v1/deliveries/${delivery!.id}/retry`, { method: "POST" });
      setMessage({ tone: "success", text: "The delivery is being sent again." });
      setTimeout(reload, 1500);
    } catch (caught) {
      setMessage({ tone: "error", text: caught instanceof PortalApiError ? caught.message : "Tern could not be reached." });
    }
  }

  const attempts = [...delivery.attempts].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <>
      <PageTitle title={delivery.eventType} description={`Delivery ${delivery.id}`}>
        <DeliveryStatusBadge status={delivery.status} />
        {session.readOnly ? null : (
          <Button variant="secondary" onClick={retry}>
            Retry now
          </Button>
        )}
      </PageTitle>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_minmax(0,1fr)]">
        <dt className="text-zinc-600 dark:text-zinc-400">Endpoint</dt>
        <dd>
          <Link href={`/portal/${workspaceId}/endpoints/${delivery.endpointId}`} className="font-mono underline-offset-2 hover:underline">
            {delivery.endpointId}
          </Link>
        </dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Created</dt>
        <dd>{formatTime(delivery.createdAt)}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Next attempt</dt>
        <dd>{formatTime(delivery.nextAttemptAt)}</dd>
        {delivery.lastError ? (
          <>
            <dt className="text-zinc-600 dark:text-zinc-400">Last error</dt>
            <dd>{delivery.lastError}</dd>
          </>
        ) : null}
      </dl>
      <Section title="Body" description="The JSON every attempt sent (the event's data, signed).">
        {event.data ? <JsonBlock value={event.data.data} /> : event.error ? <LoadError error={event.error} /> : <Loading what="the body" />}
      </Section>
      <Section title={`Attempts (${attempts.length})`} description="Newest first.">
        {attempts.length === 0 ? <p className="text-sm text-zinc-600 dark:text-zinc-400">No attempt yet.</p> : null}
        <ol className="space-y-4">
          {attempts.map((attempt) => (
            <li key={attempt.id} className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
              <p className="flex flex-wrap items-center gap-2 text-sm">
                <strong>Attempt {attempt.number}</strong>
                {attempt.responseStatus !== null && attempt.responseStatus >= 200 && attempt.responseStatus < 300 ? (
                  <Badge tone="green">HTTP {attempt.responseStatus}</Badge>
                ) : (
                  <Badge tone="red">{attempt.responseStatus === null ? "no response" : `HTTP ${attempt.responseStatus}`}</Badge>
                )}
                <span className="text-zinc-600 dark:text-zinc-400">
                  {attempt.durationMs} ms · {attempt.trigger} · {formatTime(attempt.createdAt)}
                </span>
              </p>
              {attempt.error ? <p className="text-sm text-red-700 dark:text-red-400">{attempt.error}</p> : null}
              <details>
                <summary className="cursor-pointer text-sm">Request headers</summary>
                <Headers headers={attempt.requestHeaders} />
              </details>
              <details>
                <summary className="cursor-pointer text-sm">Response headers</summary>
                <Headers headers={attempt.responseHeaders ?? {}} />
              </details>
              <details open={attempt.responseStatus !== null && attempt.responseStatus >= 300}>
                <summary className="cursor-pointer text-sm">Response body</summary>
                <ScrollingPre className="max-h-64">
                  {attempt.responseBodyBinary ? "(binary response, shown as text) " : ""}
                  {attempt.responseBody || "(empty)"}
                </ScrollingPre>
              </details>
            </li>
          ))}
        </ol>
      </Section>
    </>
  );
}
