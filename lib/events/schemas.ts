import { z } from "zod";
import { eventTypeName } from "@/lib/event-types/schemas";

export const MAX_EVENT_DATA_BYTES = 256 * 1024;

export const publishEventInput = z.strictObject({
  type: eventTypeName,
  data: z.record(z.string(), z.unknown(), { error: "data must be a JSON object." }),
  idempotencyKey: z.string().min(1).max(255).optional(),
  occurredAt: z.iso.datetime({ offset: true, error: "Use an ISO 8601 time, e.g. 2026-11-22T10:00:00Z." }).optional(),
});

export type PublishEventInput = z.output<typeof publishEventInput>;
