import type { BadgeTone } from "@/components/ui/badge";
import type { Delivery } from "@/db/schema";

export const statusTone: Record<Delivery["status"], BadgeTone> = {
  succeeded: "green",
  failed: "red",
  // Never tried yet: waiting, not a problem.
  pending: "gray",
  delivering: "blue",
  // The last attempt failed: the one to notice.
  retrying: "amber",
  skipped: "gray",
};
