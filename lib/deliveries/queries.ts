import { and, asc, eq, getTableColumns, gt, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { attempts, deliveries, deliveryStatus } from "@/db/schema";
import { keysetOrder, pageQuery, pastCursor, type SortOrder, toPage } from "@/lib/api/pagination";
import { previousPageCursor } from "@/lib/api/previous-page";
import { DomainError } from "@/lib/errors";
import { eventTypeMatches, eventTypePattern } from "@/lib/event-types/type-pattern";
import { tenantFilter } from "@/lib/tenants/filter";
import { tenantRef } from "@/lib/tenants/schemas";
import { isoTimestamp } from "@/lib/time/timestamp";
import { redactHeaders } from "@/lib/webhooks/message";
import { statusIs } from "./status-filter";

/** The classes of a delivery's last HTTP status; "none" is an attempt that got no answer (timeout, refused connection). */
const statusClasses = ["2xx", "3xx", "4xx", "5xx", "none"] as const;
type StatusClass = (typeof statusClasses)[number];

export const deliveryFilters = z.strictObject({
  ...pageQuery,
  tenant: tenantRef.optional(),
  endpointId: z.string().min(1).max(64).optional(),
  eventId: z.string().min(1).max(64).optional(),
  eventType: eventTypePattern.optional(),
  status: z
    .enum(deliveryStatus.enumValues)
    .optional()
    .describe("delivering: an attempt is in flight; retrying: the last attempt failed and another is scheduled (failing now)."),
  statusClass: z.enum(statusClasses).optional().describe("The class of the last attempt's HTTP status; none: the last attempt got no answer."),
  since: isoTimestamp.optional(),
  until: isoTimestamp.optional(),
  order: z.enum(["newest", "oldest"]).default("newest"),
});

export type DeliveryFilters = Omit<z.output<typeof deliveryFilters>, "order"> & { order?: SortOrder };

/**
 * The last status's class, `last_status_code / 100` (null: no answer). No index serves it: it
 * narrows what the workspace's time index reads, as the other non-leading filters do, since one
 * more index on the hottest table would slow every attempt's update.
 */
function lastStatusIn(statusClass: StatusClass | undefined): SQL | undefined {
  if (statusClass === undefined) return undefined;
  const hundreds = sql`(${deliveries.lastStatusCode} / 100)`;
  if (statusClass === "none") return and(sql`${hundreds} is null`, gt(deliveries.attemptCount, 0));
  return sql`${hundreds} = ${Number(statusClass[0])}`;
}

// `attention` only serves the history's index (lib/deliveries/status-filter.ts): status says it all.
const { attention, ...shownColumns } = getTableColumns(deliveries);
/** The columns a delivery shows wherever it is read. */
export const deliveryColumns = shownColumns;

/** What a page of the history and the page before it share: every filter but the cursor. */
async function deliveriesWhere(workspaceId: string, filters: DeliveryFilters) {
  const tenantId = await tenantFilter(workspaceId, filters.tenant, filters);
  return and(
    eq(deliveries.workspaceId, workspaceId),
    tenantId ? eq(deliveries.tenantId, tenantId) : undefined,
    filters.endpointId ? eq(deliveries.endpointId, filters.endpointId) : undefined,
    filters.eventId ? eq(deliveries.eventId, filters.eventId) : undefined,
    eventTypeMatches(deliveries.eventType, filters.eventType),
    // One event's deliveries are few, found by their own index: no bounds needed.
    filters.status && filters.eventId ? eq(deliveries.status, filters.status) : undefined,
    filters.status && !filters.eventId
      ? statusIs(filters.status, { workspaceId, endpointId: filters.endpointId, since: filters.since, until: filters.until })
      : undefined,
    lastStatusIn(filters.statusClass),
    filters.since ? gte(deliveries.createdAt, new Date(filters.since)) : undefined,
    filters.until ? lt(deliveries.createdAt, new Date(filters.until)) : undefined,
  );
}

/**
 * The delivery history by time, newest first unless asked. Each equality filter has an index led by
 * workspace_id, or bounds the rows the workspace's time index reads (statusIs); a type prefix
 * ("invoice.*") and the status class narrow the rows such an index reads.
 */
export async function listDeliveries(workspaceId: string, filters: DeliveryFilters) {
  const rows = await db
    .select(deliveryColumns)
    .from(deliveries)
    .where(and(await deliveriesWhere(workspaceId, filters), pastCursor(deliveries.createdAt, deliveries.id, filters.cursor, filters.order)))
    .orderBy(...keysetOrder(deliveries.createdAt, deliveries.id, filters.order))
    .limit(filters.limit + 1);
  return toPage(rows, filters.limit);
}

/** The cursor of the page before the one listDeliveries opens at `filters.cursor` (null: the first page). */
export async function previousDeliveriesCursor(workspaceId: string, filters: DeliveryFilters & { cursor: string }) {
  return previousPageCursor(deliveries, deliveries, {
    where: await deliveriesWhere(workspaceId, filters),
    cursor: filters.cursor,
    limit: filters.limit,
    order: filters.order,
  });
}

/** One delivery with every attempt, oldest first; custom header values redacted, as recording does. */
export async function getDeliveryWithAttempts(workspaceId: string, deliveryId: string) {
  const [delivery] = await db
    .select(deliveryColumns)
    .from(deliveries)
    .where(and(eq(deliveries.workspaceId, workspaceId), eq(deliveries.id, deliveryId)));
  if (!delivery) throw new DomainError("not_found", "No such delivery in this workspace.");
  const deliveryAttempts = await db
    .select()
    .from(attempts)
    .where(and(eq(attempts.workspaceId, workspaceId), eq(attempts.deliveryId, deliveryId)))
    .orderBy(asc(attempts.number), asc(attempts.createdAt));
  // Attempts recorded before every custom header value was redacted may still hold some in clear.
  return { ...delivery, attempts: deliveryAttempts.map((attempt) => ({ ...attempt, requestHeaders: redactHeaders(attempt.requestHeaders) })) };
}

type AttemptSummary = { lastDurationMs: number; test: boolean };

/**
 * For a page of the history, from each delivery's attempts (by attempts_delivery_idx): how long the
 * latest took, and whether one was made by "Send test event" (trigger `test`).
 */
export async function attemptSummaries(workspaceId: string, deliveryIds: string[]): Promise<Map<string, AttemptSummary>> {
  if (deliveryIds.length === 0) return new Map();
  const rows = await db
    .select({
      deliveryId: attempts.deliveryId,
      lastDurationMs: sql<number>`(array_agg(${attempts.durationMs} order by ${attempts.createdAt} desc))[1]`,
      test: sql<boolean>`bool_or(${attempts.trigger} = 'test')`,
    })
    .from(attempts)
    .where(and(eq(attempts.workspaceId, workspaceId), inArray(attempts.deliveryId, deliveryIds)))
    .groupBy(attempts.deliveryId);
  return new Map(rows.map(({ deliveryId, ...summary }) => [deliveryId!, summary]));
}
