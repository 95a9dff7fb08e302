import { z } from "zod";
import { auditLogQuery } from "@/lib/audit/queries";
import { timeRange } from "@/lib/console/time-ranges";

export const auditLogSearch = auditLogQuery.pick({ actor: true, action: true, cursor: true }).extend({
  range: z.enum(["all", ...timeRange.options]).default("all"),
});
export type AuditLogSearch = z.output<typeof auditLogSearch>;
