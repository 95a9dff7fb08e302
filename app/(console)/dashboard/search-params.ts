import { z } from "zod";
import { timeRange } from "@/lib/console/time-ranges";
import { idPattern } from "@/lib/ids";

export const dashboardSearch = z.object({
  range: timeRange.default("24h"),
  endpointId: z.string().regex(idPattern("ep")).optional(),
});
