import { z } from "zod";
import { timeRange } from "@/lib/console/time-ranges";
import { deliveryFilters } from "@/lib/deliveries/queries";

export const deliveriesSearch = deliveryFilters
  .pick({ cursor: true, tenant: true, status: true, statusClass: true, endpointId: true, eventType: true, order: true })
  .extend({
    // Pasted ids often bring spaces along.
    eventId: z.string().trim().max(64).optional(),
    range: z.enum(["all", ...timeRange.options]).default("all"),
  });
