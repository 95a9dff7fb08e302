"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { SelectField } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import type { DeliveryStatus, Page, PortalDelivery, PortalEventType } from "./api-types";
import { PortalApiError, usePortal, usePortalQuery } from "./portal-session";
import { DeliveryStatusBadge, formatTime, LoadError, Loading } from "./portal-ui";

const STATUSES: DeliveryStatus[] = ["succeeded", "failed", "pending", "delivering", "skipped"];
const PAGE_SIZE = 25;

/** The tenant's deliveries, newest first, filtered by status and event type (and endpoint, on its page); pages load on demand. */
export function DeliveryLog({ endpointId }: { endpointId?: string }) {
  const { workspaceId, session, api } = usePortal();
  const catalog = usePortalQuery<Page<PortalEventType>>("/api/v1/event-types?limit=100");
  const [status, setStatus] = useState("");
  const [eventType, setEventType] = useState("");
  const [rows, setRows] = useState<PortalDelivery[]>();
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<PortalApiError>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string }>();
  const [version, setVersion] = useState(0);

  const query = (cursor?: string) => {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (endpointId) params.set("endpointId", endpointId);
    if (status) params.set("status", status);
    if (eventType) params.set("eventType", eventType);
    if (cursor) params.set("cursor", cursor);
    return `/api/v1/deliveries?${params}`;
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: query() reads exactly these filters; version reloads them.
  useEffect(() => {
    let cancelled = false;
    setRows(undefined);
    setSelected(new Set());
    api<Page<PortalDelivery>>(query())
      .then((page) => {
        if (cancelled) return;
        setRows(page.data);
        setNextCursor(page.nextCursor);
        setError(undefined);
      })
      .catch((caught: unknown) => !cancelled && setError(caught instanceof PortalApiError ? caught : new PortalApiError(0, "Tern could not be reached.")));
    return () => {
      cancelled = true;
    };
  }, [api, endpointId, status, eventType, version]);

  async function loadMore() {
    if (!nextCursor) return;
    try {
      const page = await api<Page<PortalDelivery>>(query(nextCursor));
      setRows((current) => [...(current ?? []), ...page.data]);
      setNextCursor(page.nextCursor);
    } catch (caught) {
      setMessage({ tone: "error", text: caught instanceof PortalApiError ? caught.message : "Tern could not be reached." });
    }
  }

  async function retrySelected() {
    try {
      const { count } = await api<{ count: number }>("/api/v1/deliveries/retry", { method: "POST", body: { ids: [...selected] } });
      setMessage({ tone: "success", text: count === 1 ? "1 delivery is being sent again." : `${count} deliveries are being sent again.` });
      setSelected(new Set());
      setTimeout(() => setVersion((v) => v + 1), 1000);
    } catch (caught) {
      setMessage({ tone: "error", text: caught instanceof PortalApiError ? caught.message : "Tern could not be reached." });
    }
  }

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const canRetry = !session.readOnly;
  const allSelected = rows !== undefined && rows.length > 0 && rows.slice(0, 100).every((row) => selected.has(row.id));

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-44">
          <SelectField label="Status" name={endpointId ? "endpointStatus" : "status"} value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="w-56">
          <SelectField
            label="Event type"
            name={endpointId ? "endpointEventType" : "eventType"}
            value={eventType}
            onChange={(e) => setEventType(e.target.value)}
          >
            <option value="">Any</option>
            {catalog.data?.data.map((type) => (
              <option key={type.name} value={type.name}>
                {type.name}
              </option>
            ))}
          </SelectField>
        </div>
        <Button variant="ghost" onClick={() => setVersion((v) => v + 1)}>
          Refresh
        </Button>
        {canRetry && selected.size > 0 ? (
          <Button variant="secondary" onClick={retrySelected}>
            Retry {selected.size} selected
          </Button>
        ) : null}
      </div>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      {error ? <LoadError error={error} /> : null}
      {!rows && !error ? <Loading what="deliveries" /> : null}
      {rows && rows.length === 0 ? (
        <EmptyState title="No deliveries">{status || eventType ? "None match these filters." : "Webhooks sent to your endpoints will show here."}</EmptyState>
      ) : null}
      {rows && rows.length > 0 ? (
        <Table caption={endpointId ? "Deliveries to this endpoint" : "Deliveries"}>
          <thead>
            <tr>
              {canRetry ? (
                <Th>
                  <input
                    type="checkbox"
                    aria-label="Select all shown (up to 100)"
                    checked={allSelected}
                    onChange={() => setSelected(allSelected ? new Set() : new Set(rows.slice(0, 100).map((row) => row.id)))}
                  />
                </Th>
              ) : null}
              <Th>Event type</Th>
              <Th>Status</Th>
              <Th>Attempts</Th>
              <Th>Last response</Th>
              <Th>Created</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {rows.map((row) => (
              <tr key={row.id}>
                {canRetry ? (
                  <Td>
                    <input type="checkbox" aria-label={`Select delivery ${row.id}`} checked={selected.has(row.id)} onChange={() => toggle(row.id)} />
                  </Td>
                ) : null}
                <Td>
                  <Link href={`/portal/${workspaceId}/deliveries/${row.id}`} className="font-mono underline-offset-2 hover:underline">
                    {row.eventType}
                  </Link>
                </Td>
                <Td>
                  <DeliveryStatusBadge status={row.status} />
                </Td>
                <Td>{row.attemptCount}</Td>
                <Td className="max-w-48 truncate text-xs">{row.lastStatusCode ? `HTTP ${row.lastStatusCode}` : (row.lastError ?? "—")}</Td>
                <Td className="whitespace-nowrap text-xs">{formatTime(row.createdAt)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      {nextCursor ? (
        <Button variant="secondary" onClick={loadMore}>
          Load older deliveries
        </Button>
      ) : null}
    </div>
  );
}
