import { headerValuesForCaller } from "@/lib/api/api-route";
import { tenantOwnedRoute } from "@/lib/api/tenant-owned-route";
import { deleteEndpoint, getEndpoint, updateEndpoint } from "@/lib/endpoints/endpoints";
import { updateEndpointInput } from "@/lib/endpoints/schemas";

export const GET = tenantOwnedRoute("endpoint", { scope: "endpoints:read", portal: "read" }, ({ caller, workspaceId, params }) =>
  getEndpoint(workspaceId, params.id, headerValuesForCaller(caller)),
);

export const PATCH = tenantOwnedRoute(
  "endpoint",
  { scope: "endpoints:write", portal: "write", body: updateEndpointInput },
  ({ workspaceId, params, body, actor }) => updateEndpoint(workspaceId, params.id, body, actor),
);

export const DELETE = tenantOwnedRoute("endpoint", { scope: "endpoints:write", portal: "write" }, async ({ workspaceId, params, actor }) => {
  await deleteEndpoint(workspaceId, params.id, actor);
  return new Response(null, { status: 204 });
});
