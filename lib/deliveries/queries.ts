import { and, asc, eq, gte, lt } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { attempts, deliveries, deliveryStatus } from "@/db/schema";
import { newestFirst, olderThan, pageQuery, toPage } from "@/lib/api/pagination";
import { DomainError } from "@/lib/errors";

export const deliveryFilters = z.strictObject({
  ...pageQuery,
  endpointId: z.string().min(1).max(64).optional(),
  eventId: z.string().min(1).max(64).optional(),
  eventType: z.string().min(1).max(128).optional(),
  status: z.enum(deliveryStatus.enumValues).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
});

export type DeliveryFilters = z.output<typeof deliveryFilters>;

/** The delivery history, newest first; every filter combination has an index led by workspace_id. */
export async function listDeliveries(workspaceId: string, filters: DeliveryFilters) {
  const rows = await db
    .select()
    .from(deliveries)
    .where(
      and(
        eq(deliveries.workspaceId, workspaceId),
        filters.endpointId ? eq(deliveries.endpointId, filters.endpointId) : undefined,
        filters.eventId ? eq(deliveries.eventId, filters.eventId) : undefined,
        filters.eventType ? eq(deliveries.eventType, filters.eventType) : undefined,
        filters.status ? eq(deliveries.status, filters.status) : undefined,
        filters.since ? gte(deliveries.createdAt, new Date(filters.since)) : undefined,
        filters.until ? lt(deliveries.createdAt, new Date(filters.until)) : undefined,
        olderThan(deliveries.createdAt, deliveries.id, filters.cursor),
      ),
    )
    .orderBy(...newestFirst(deliveries.createdAt, deliveries.id))
    .limit(filters.limit + 1);
  return toPage(rows, filters.limit);
}

/** One delivery with every attempt, oldest first. */
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
  return { ...delivery, attempts: deliveryAttempts };
}
