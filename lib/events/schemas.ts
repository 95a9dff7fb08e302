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

/** Most events one batch may carry. */
export const MAX_BATCH_EVENTS = 100;
/**
 * A batch body's size limit: 100 events of up to about 40 KiB each, or fewer larger ones (each
 * event's data is still held to MAX_EVENT_DATA_BYTES, a refusal of that event alone).
 */
export const MAX_BATCH_BODY_BYTES = 4 * 1024 * 1024;

/** One event of a batch as parsed: its input, or the issues that refuse that event alone. */
type BatchItem = { ok: true; input: PublishEventInput } | { ok: false; issues: z.core.$ZodIssue[] };

// A refused event becomes its own result instead of failing the whole body. The catch value
// depends on the event, so JSON Schema shows the event's own schema (with no default).
const batchItem = publishEventInput.transform((input): BatchItem => ({ ok: true, input })).catch((ctx): BatchItem => ({ ok: false, issues: ctx.error.issues }));

export const publishEventsInput = z.strictObject({
  events: z
    .array(batchItem)
    .min(1)
    .max(MAX_BATCH_EVENTS)
    .describe(
      `1 to ${MAX_BATCH_EVENTS} events, each with the fields of a single publish (type, data, tenant, idempotencyKey, occurredAt). Each is checked, stored and answered on its own.`,
    ),
});

export const eventListQuery = z.strictObject({ ...pageQuery, type: eventTypePattern.optional(), tenant: tenantRef.optional() });

export type EventListQuery = z.output<typeof eventListQuery>;
