import { apiRoute } from "@/lib/api/api-route";
import { deliveryFilters, listDeliveries } from "@/lib/deliveries/queries";

export const GET = apiRoute({ scope: "deliveries:read", portal: "read", query: deliveryFilters }, ({ workspaceId, query }) =>
  listDeliveries(workspaceId, query),
);
