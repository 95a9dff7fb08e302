import { z } from "zod";
import { eventTypeName } from "@/lib/event-types/schemas";
import { isoTimestamp } from "@/lib/time/timestamp";

export const sendTestEventInput = z.strictObject({
  eventType: eventTypeName.optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

export const replayEventInput = z.strictObject({ endpointId: z.string().min(1).max(64).optional() });

export const recoverEndpointInput = z.strictObject({
  since: isoTimestamp,
});
