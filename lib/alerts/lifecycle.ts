// The alert lifecycle: what opens, updates and resolves the operator's alerts. One unresolved
// alert per endpoint and condition (a partial unique index); each alert that opens or resolves
// sends `tern/alert.changed`, in the transaction that changed it, for the notifying function.
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Transaction } from "@/db";
import { db } from "@/db";
import { type Alert, type alertCondition, type alertStatus, alerts, endpoints } from "@/db/schema";
import { columnList, unqualified } from "@/db/sql";
import { alertChangedEvent, type EngineEvent } from "@/inngest/events";
import { transactionWithEvents } from "@/inngest/send";
import { keysetOrder, pastCursor, toPage } from "@/lib/api/pagination";
import { previousPageCursor } from "@/lib/api/previous-page";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/roles";
import { DomainError } from "@/lib/errors";
import { newId } from "@/lib/ids";

type AlertCondition = (typeof alertCondition.enumValues)[number];

/** The endpoint an alert is about, as its summary names it: the URL without its query, which may carry a credential. */
type AlertedEndpoint = { workspaceId: string; endpointId: string; url: string };

function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    // Stored URLs were parsed when saved; should one not be, its text is still the operator's own.
    return url;
  }
}

const plural = (count: number, noun: string) => `${count.toLocaleString("en-US")} ${noun}${count === 1 ? "" : "s"}`;

type Raise = {
  condition: AlertCondition;
  summary: string;
  details: Record<string, unknown>;
  /** Add `count` to the unresolved alert's details.count rather than replacing it. */
  count?: number;
};

/**
 * Opens the endpoint's alert for the condition, or updates the unresolved one (its summary and
 * details; `count` adds up). Nothing when the endpoint was deleted meanwhile.
 */
async function raiseAlert(tx: Transaction, endpoint: AlertedEndpoint, raise: Raise, send: (events: EngineEvent[]) => void): Promise<void> {
  const details = raise.count === undefined ? raise.details : { ...raise.details, count: raise.count };
  const merged =
    raise.count === undefined
      ? sql`${alerts.details} || excluded.${unqualified(alerts.details)}`
      : sql`${alerts.details} || excluded.${unqualified(alerts.details)} || jsonb_build_object('count', coalesce((${alerts.details}->>'count')::int, 0) + ${raise.count}::int)`;
  const [row] = await tx.execute<{ id: string; opened: boolean }>(sql`
    insert into ${alerts} (${columnList(alerts.id, alerts.workspaceId, alerts.endpointId, alerts.condition, alerts.summary, alerts.details)})
    select ${newId("alt")}, ${endpoint.workspaceId}, ${endpoint.endpointId}, ${raise.condition}, ${raise.summary}, ${JSON.stringify(details)}::jsonb
    where exists (select 1 from ${endpoints} where ${endpoints.id} = ${endpoint.endpointId} and ${endpoints.workspaceId} = ${endpoint.workspaceId})
    on conflict (${columnList(alerts.workspaceId, alerts.endpointId, alerts.condition)}) where ${unqualified(alerts.status)} <> 'resolved'
      do update set ${unqualified(alerts.summary)} = excluded.${unqualified(alerts.summary)}, ${unqualified(alerts.details)} = ${merged},
        ${unqualified(alerts.updatedAt)} = now()
    returning ${unqualified(alerts.id)} as id, (xmax = 0) as opened`);
  if (row?.opened) send([alertChangedEvent({ alertId: row.id, change: "opened" })]);
}

/** Resolves the endpoint's unresolved alerts for these conditions. */
async function resolveConditions(
  tx: Transaction,
  endpoint: Omit<AlertedEndpoint, "url">,
  conditions: AlertCondition[],
  send: (events: EngineEvent[]) => void,
): Promise<void> {
  const now = new Date();
  const resolved = await tx
    .update(alerts)
    .set({ status: "resolved", resolvedAt: now, updatedAt: now })
    .where(
      and(
        eq(alerts.workspaceId, endpoint.workspaceId),
        eq(alerts.endpointId, endpoint.endpointId),
        inArray(alerts.condition, conditions),
        ne(alerts.status, "resolved"),
      ),
    )
    .returning({ id: alerts.id });
  send(resolved.map((alert) => alertChangedEvent({ alertId: alert.id, change: "resolved" })));
}

/** The endpoint's run of failed attempts reached the failing threshold: open (or keep) its endpoint_failing alert. */
export async function alertEndpointFailing(endpoint: AlertedEndpoint, streak: { failedAttempts: number; lastError: string | null }): Promise<void> {
  await transactionWithEvents((tx, send) =>
    raiseAlert(
      tx,
      endpoint,
      {
        condition: "endpoint_failing",
        summary: `${shownUrl(endpoint.url)} is failing: its last ${plural(streak.failedAttempts, "attempt")} failed.`,
        details: { failedAttempts: streak.failedAttempts, lastError: streak.lastError },
      },
      send,
    ),
  );
}

/** The endpoint answered again after failing: its failing and exhausted-deliveries alerts resolve. */
export async function alertEndpointRecovered(endpoint: Omit<AlertedEndpoint, "url">): Promise<void> {
  await transactionWithEvents((tx, send) => resolveConditions(tx, endpoint, ["endpoint_failing", "deliveries_exhausted"], send));
}

/** Delivery disabled the endpoint. */
export async function alertEndpointDisabled(endpoint: AlertedEndpoint, reason: string): Promise<void> {
  await transactionWithEvents((tx, send) =>
    raiseAlert(tx, endpoint, { condition: "endpoint_disabled", summary: `${shownUrl(endpoint.url)} was disabled: ${reason}`, details: { reason } }, send),
  );
}

/** Re-enabling an endpoint resolves its disabled alert, and its failing one: re-enabling starts its run of failures afresh. */
export async function alertEndpointEnabled(endpoint: Omit<AlertedEndpoint, "url">): Promise<void> {
  await transactionWithEvents((tx, send) => resolveConditions(tx, endpoint, ["endpoint_disabled", "endpoint_failing"], send));
}

/** `count` of the endpoint's deliveries failed for good: open its deliveries_exhausted alert, or add them to it. */
export async function alertDeliveriesExhausted(endpoint: AlertedEndpoint, exhausted: { count: number; lastDeliveryId: string }): Promise<void> {
  await transactionWithEvents((tx, send) =>
    raiseAlert(
      tx,
      endpoint,
      {
        condition: "deliveries_exhausted",
        summary: `Deliveries to ${shownUrl(endpoint.url)} failed for good: every retry was used.`,
        details: { lastDeliveryId: exhausted.lastDeliveryId },
        count: exhausted.count,
      },
      send,
    ),
  );
}

/** An alert as the console shows it, with its endpoint's URL (null once the endpoint is deleted). */
export type PublicAlert = Omit<Alert, "updatedAt"> & { endpointUrl: string | null; endpointTenantId: string | null };

/** The workspace's alerts, newest first, optionally of one status. */
const alertsWhere = (workspaceId: string, status: Alert["status"] | undefined) =>
  and(eq(alerts.workspaceId, workspaceId), status ? eq(alerts.status, status) : undefined);

/** The cursor of the page before the one listAlerts opens at `query.cursor` (null: the first page). */
export function previousAlertsCursor(workspaceId: string, query: { status?: Alert["status"]; cursor: string; limit: number }) {
  return previousPageCursor(alerts, alerts, { where: alertsWhere(workspaceId, query.status), cursor: query.cursor, limit: query.limit });
}

export async function listAlerts(workspaceId: string, query: { status?: (typeof alertStatus.enumValues)[number]; cursor?: string; limit: number }) {
  const rows = await db
    .select({ alert: alerts, endpointUrl: endpoints.url, endpointTenantId: endpoints.tenantId })
    .from(alerts)
    .leftJoin(endpoints, eq(endpoints.id, alerts.endpointId))
    .where(and(alertsWhere(workspaceId, query.status), pastCursor(alerts.createdAt, alerts.id, query.cursor)))
    .orderBy(...keysetOrder(alerts.createdAt, alerts.id))
    .limit(query.limit + 1);
  const page = toPage(
    rows.map(({ alert, ...endpoint }) => ({ ...alert, ...endpoint })),
    query.limit,
  );
  return { data: page.data.map(({ updatedAt: _updatedAt, ...alert }): PublicAlert => alert), nextCursor: page.nextCursor };
}

const notFound = () => new DomainError("not_found", "No such alert in this workspace.");

async function findAlert(tx: Transaction, workspaceId: string, alertId: string): Promise<Alert> {
  const [alert] = await tx
    .select()
    .from(alerts)
    .where(and(eq(alerts.workspaceId, workspaceId), eq(alerts.id, alertId)))
    .for("update");
  if (!alert) throw notFound();
  return alert;
}

/**
 * Acknowledges an open alert: someone is on it. An exhausted-deliveries alert has nothing left to
 * watch once seen, so acknowledging it resolves it. An alert already acknowledged or resolved is
 * returned as it is.
 */
export async function acknowledgeAlert(workspaceId: string, alertId: string, actor: Actor): Promise<Alert> {
  return transactionWithEvents(async (tx, send) => {
    const alert = await findAlert(tx, workspaceId, alertId);
    if (alert.status !== "open") return alert;
    const now = new Date();
    const resolves = alert.condition === "deliveries_exhausted";
    const [changed] = await tx
      .update(alerts)
      .set({
        status: resolves ? "resolved" : "acknowledged",
        acknowledgedAt: now,
        acknowledgedByUserId: actor.type === "user" ? actor.id : null,
        ...(resolves && { resolvedAt: now }),
        updatedAt: now,
      })
      .where(eq(alerts.id, alert.id))
      .returning();
    await recordAudit(tx, { workspaceId, actor, action: "alert.acknowledged", targetType: "alert", targetId: alert.id, details: { resolved: resolves } });
    if (resolves) send([alertChangedEvent({ alertId: alert.id, change: "resolved" })]);
    return changed!;
  });
}

/** Resolves an alert by hand; one already resolved is returned as it is. */
export async function resolveAlert(workspaceId: string, alertId: string, actor: Actor): Promise<Alert> {
  return transactionWithEvents(async (tx, send) => {
    const alert = await findAlert(tx, workspaceId, alertId);
    if (alert.status === "resolved") return alert;
    const now = new Date();
    const [changed] = await tx.update(alerts).set({ status: "resolved", resolvedAt: now, updatedAt: now }).where(eq(alerts.id, alert.id)).returning();
    await recordAudit(tx, { workspaceId, actor, action: "alert.resolved", targetType: "alert", targetId: alert.id });
    send([alertChangedEvent({ alertId: alert.id, change: "resolved" })]);
    return changed!;
  });
}
