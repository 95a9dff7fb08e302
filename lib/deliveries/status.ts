import type { Delivery } from "@/db/schema";

/** A delivery in one of these statuses gets no further attempt unless someone asks for one. */
export const isFinished = (status: Delivery["status"]): status is "succeeded" | "failed" | "skipped" =>
  status === "succeeded" || status === "failed" || status === "skipped";
