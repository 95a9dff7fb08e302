import { tenantOwnedRoute } from "@/lib/api/tenant-owned-route";
import { getEventWithDeliveries } from "@/lib/events/queries";

export const GET = tenantOwnedRoute("event", { scope: "deliveries:read", portal: "read" }, ({ workspaceId, params }) =>
  getEventWithDeliveries(workspaceId, params.id),
);
