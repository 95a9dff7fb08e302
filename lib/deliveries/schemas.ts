import { z } from "zod";
import { eventTypeName } from "@/lib/event-types/schemas";

export const sendTestEventInput = z.strictObject({
  eventType: eventTypeName.optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

export const replayEventInput = z.strictObject({ endpointId: z.string().min(1).max(64).optional() });

export const recoverEndpointInput = z.strictObject({
  since: z.iso.datetime({ offset: true, error: "Use an ISO 8601 time, e.g. 2026-11-20T00:00:00Z." }),
});
