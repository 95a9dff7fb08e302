import { z } from "zod";
import { timeRange } from "@/lib/console/time-ranges";
import { idPattern } from "@/lib/ids";
import { tenantRef } from "@/lib/tenants/schemas";

export const dashboardSearch = z.object({
  range: timeRange.default("24h"),
  tenant: tenantRef.optional(),
  endpointId: z.string().regex(idPattern("ep")).optional(),
});
