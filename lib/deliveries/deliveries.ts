import { and, eq, ne } from "drizzle-orm";
import { db } from "@/db";
import { deliveries } from "@/db/schema";

/** Marks a delivery failed for good when its deliver run died (its steps kept failing). */
export async function markDeliveryFailed(deliveryId: string, reason: string): Promise<void> {
  await db
    .update(deliveries)
    .set({ status: "failed", nextAttemptAt: null, lastError: reason, updatedAt: new Date() })
    .where(and(eq(deliveries.id, deliveryId), ne(deliveries.status, "succeeded")));
}
