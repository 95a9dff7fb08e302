import { apiRoute } from "@/lib/api/api-route";
import { eventParams } from "@/lib/api/path-params";
import { getEventWithDeliveries } from "@/lib/events/queries";

export const GET = apiRoute({ scope: "deliveries:read", params: eventParams }, ({ workspaceId, params }) => getEventWithDeliveries(workspaceId, params.id));
