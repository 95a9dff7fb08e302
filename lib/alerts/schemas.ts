import { z } from "zod";
import { alertStatus } from "@/db/schema";
import { pageQuery } from "@/lib/api/pagination";
import { idPattern } from "@/lib/ids";

const alertId = z.string().regex(idPattern("alt"), { error: "Not an alert id." });

export const alertListQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(alertStatus.enumValues).optional(),
});
export type AlertListQuery = z.output<typeof alertListQuery>;

/** The inbox's acknowledge and resolve buttons. */
export const alertActionInput = z.strictObject({ alertId });
