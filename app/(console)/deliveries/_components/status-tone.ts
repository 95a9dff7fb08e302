import type { BadgeTone } from "@/components/ui/badge";
import type { Delivery } from "@/db/schema";

export const statusTone: Record<Delivery["status"], BadgeTone> = {
  succeeded: "green",
  failed: "red",
  pending: "amber",
  delivering: "blue",
  skipped: "gray",
};
