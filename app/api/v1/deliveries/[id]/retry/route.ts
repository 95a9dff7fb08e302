import { tenantOwnedRoute } from "@/lib/api/tenant-owned-route";
import { retryDelivery } from "@/lib/deliveries/manual";

export const POST = tenantOwnedRoute("delivery", { scope: "deliveries:write", portal: "write" }, async ({ workspaceId, params, actor }) =>
  Response.json(await retryDelivery(workspaceId, params.id, actor), { status: 202 }),
);
