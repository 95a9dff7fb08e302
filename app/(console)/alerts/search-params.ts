import { z } from "zod";
import { alertStatus } from "@/db/schema";
import { pageQuery } from "@/lib/api/pagination";

export const alertsSearch = z.object({
  status: z.enum(alertStatus.enumValues).default("open"),
  cursor: pageQuery.cursor,
});
