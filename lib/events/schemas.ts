import { z } from "zod";
import { pageQuery } from "@/lib/api/pagination";
import { eventTypeName } from "@/lib/event-types/schemas";
import { eventTypePattern } from "@/lib/event-types/type-pattern";
import { tenantRef } from "@/lib/tenants/schemas";
import { isoTimestamp } from "@/lib/time/timestamp";

export const MAX_EVENT_DATA_BYTES = 256 * 1024;

export const publishEventInput = z.strictObject({
  type: eventTypeName,
  data: z.record(z.string(), z.unknown(), { error: "data must be a JSON object." }),
  idempotencyKey: z.string().min(1).max(255).optional(),
  occurredAt: isoTimestamp.optional(),
  tenant: tenantRef
    .optional()
    .describe(
      "The customer the event concerns, by tenant id or key: only that tenant's endpoints receive it. A key that names no tenant yet creates one (named after the key). Without it, only the workspace's own endpoints receive the event.",
    ),
});

export type PublishEventInput = z.output<typeof publishEventInput>;

export const eventListQuery = z.strictObject({ ...pageQuery, type: eventTypePattern.optional(), tenant: tenantRef.optional() });

export type EventListQuery = z.output<typeof eventListQuery>;
