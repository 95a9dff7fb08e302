import { apiRoute } from "@/lib/api/api-route";
import { deliveryParams } from "@/lib/api/path-params";
import { retryDelivery } from "@/lib/deliveries/manual";

export const POST = apiRoute({ scope: "deliveries:write", params: deliveryParams }, async ({ workspaceId, params, actor }) =>
  Response.json(await retryDelivery(workspaceId, params.id, actor), { status: 202 }),
);
