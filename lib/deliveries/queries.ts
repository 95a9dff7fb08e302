import { and, asc, eq, gte, inArray, lt } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { attempts, deliveries, deliveryStatus } from "@/db/schema";
import { keysetOrder, pageQuery, pastCursor, type SortOrder, toPage } from "@/lib/api/pagination";
import { DomainError } from "@/lib/errors";
import { tenantFilter } from "@/lib/tenants/filter";
import { tenantRef } from "@/lib/tenants/schemas";
import { isoTimestamp } from "@/lib/time/timestamp";
import { redactHeaders } from "@/lib/webhooks/message";

export const deliveryFilters = z.strictObject({
  ...pageQuery,
  tenant: tenantRef.optional(),
  endpointId: z.string().min(1).max(64).optional(),
  eventId: z.string().min(1).max(64).optional(),
  eventType: z.string().min(1).max(128).optional(),
  status: z.enum(deliveryStatus.enumValues).optional(),
  since: isoTimestamp.optional(),
  until: isoTimestamp.optional(),
  order: z.enum(["newest", "oldest"]).default("newest"),
});

export type DeliveryFilters = Omit<z.output<typeof deliveryFilters>, "order"> & { order?: SortOrder };

/** The delivery history by time, newest first unless asked; every filter combination has an index led by workspace_id. */
export async function listDeliveries(workspaceId: string, filters: DeliveryFilters) {
  const tenantId = await tenantFilter(workspaceId, filters.tenant, filters);
  const rows = await db
    .select()
    .from(deliveries)
    .where(
      and(
        eq(deliveries.workspaceId, workspaceId),
        tenantId ? eq(deliveries.tenantId, tenantId) : undefined,
        filters.endpointId ? eq(deliveries.endpointId, filters.endpointId) : undefined,
        filters.eventId ? eq(deliveries.eventId, filters.eventId) : undefined,
        filters.eventType ? eq(deliveries.eventType, filters.eventType) : undefined,
        filters.status ? eq(deliveries.status, filters.status) : undefined,
        filters.since ? gte(deliveries.createdAt, new Date(filters.since)) : undefined,
        filters.until ? lt(deliveries.createdAt, new Date(filters.until)) : undefined,
        pastCursor(deliveries.createdAt, deliveries.id, filters.cursor, filters.order),
      ),
    )
    .orderBy(...keysetOrder(deliveries.createdAt, deliveries.id, filters.order))
    .limit(filters.limit + 1);
  return toPage(rows, filters.limit);
}

/** One delivery with every attempt, oldest first; custom header values redacted, as recording does. */
export async function getDeliveryWithAttempts(workspaceId: string, deliveryId: string) {
  const [delivery] = await db
    .select()
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

/** Which of these deliveries were made by "Send test event" (their attempt has trigger `test`). */
export async function testDeliveryIds(workspaceId: string, deliveryIds: string[]): Promise<Set<string>> {
  if (deliveryIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ id: attempts.deliveryId })
    .from(attempts)
    .where(and(eq(attempts.workspaceId, workspaceId), inArray(attempts.deliveryId, deliveryIds), eq(attempts.trigger, "test")));
  return new Set(rows.map((row) => row.id!));
}
