import { tenantOwnedRoute } from "@/lib/api/tenant-owned-route";
import { getDeliveryWithAttempts } from "@/lib/deliveries/queries";

export const GET = tenantOwnedRoute("delivery", { scope: "deliveries:read", portal: "read" }, ({ workspaceId, params }) =>
  getDeliveryWithAttempts(workspaceId, params.id),
);
