import { apiRoute } from "@/lib/api/api-route";
import { retryDelivery } from "@/lib/deliveries/manual";

export const POST = apiRoute({ scope: "deliveries:write" }, async ({ workspaceId, params, actor }) =>
  Response.json(await retryDelivery(workspaceId, params.id!, actor), { status: 202 }),
);
