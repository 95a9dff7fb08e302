import { z } from "zod";

/** The "last …" ranges the dashboard and the delivery history offer. */
export const timeRange = z.enum(["1h", "24h", "7d", "30d"]);

export type TimeRange = z.infer<typeof timeRange>;

export const TIME_RANGE_MS: Record<TimeRange, number> = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 };
