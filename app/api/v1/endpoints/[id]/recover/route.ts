import { tenantOwnedRoute } from "@/lib/api/tenant-owned-route";
import { recoverEndpoint } from "@/lib/deliveries/manual";
import { recoverEndpointInput } from "@/lib/deliveries/schemas";

export const POST = tenantOwnedRoute(
  "endpoint",
  { scope: "endpoints:write", portal: "write", body: recoverEndpointInput },
  async ({ workspaceId, params, body, actor }) => Response.json(await recoverEndpoint(workspaceId, params.id, new Date(body.since), actor), { status: 202 }),
);
