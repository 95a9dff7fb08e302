import { apiRoute } from "@/lib/api/api-route";
import { deliveryParams } from "@/lib/api/path-params";
import { getDeliveryWithAttempts } from "@/lib/deliveries/queries";

export const GET = apiRoute({ scope: "deliveries:read", params: deliveryParams }, ({ workspaceId, params }) => getDeliveryWithAttempts(workspaceId, params.id));
