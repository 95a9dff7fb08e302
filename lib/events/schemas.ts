import { z } from "zod";
import { eventTypeName } from "@/lib/event-types/schemas";
import { isoTimestamp } from "@/lib/time/timestamp";

export const MAX_EVENT_DATA_BYTES = 256 * 1024;

export const publishEventInput = z.strictObject({
  type: eventTypeName,
  data: z.record(z.string(), z.unknown(), { error: "data must be a JSON object." }),
  idempotencyKey: z.string().min(1).max(255).optional(),
  occurredAt: isoTimestamp.optional(),
});

export type PublishEventInput = z.output<typeof publishEventInput>;
