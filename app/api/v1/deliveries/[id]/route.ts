import { apiRoute } from "@/lib/api/api-route";
import { getDeliveryWithAttempts } from "@/lib/deliveries/queries";

export const GET = apiRoute({ scope: "deliveries:read" }, ({ workspaceId, params }) => getDeliveryWithAttempts(workspaceId, params.id!));
