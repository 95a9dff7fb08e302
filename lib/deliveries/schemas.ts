import { z } from "zod";
import { eventTypeName } from "@/lib/event-types/schemas";

export const sendTestEventInput = z.strictObject({
  eventType: eventTypeName.optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
