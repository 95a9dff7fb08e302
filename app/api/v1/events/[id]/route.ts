import { apiRoute } from "@/lib/api/api-route";
import { getEventWithDeliveries } from "@/lib/events/queries";

export const GET = apiRoute({ scope: "deliveries:read" }, ({ workspaceId, params }) => getEventWithDeliveries(workspaceId, params.id!));
