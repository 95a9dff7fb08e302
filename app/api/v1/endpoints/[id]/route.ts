import { apiRoute } from "@/lib/api/api-route";
import { endpointParams } from "@/lib/api/path-params";
import { deleteEndpoint, getEndpoint, headerValuesFor, updateEndpoint } from "@/lib/endpoints/endpoints";
import { updateEndpointInput } from "@/lib/endpoints/schemas";

export const GET = apiRoute({ scope: "endpoints:read", params: endpointParams }, ({ key, workspaceId, params }) =>
  getEndpoint(workspaceId, params.id, headerValuesFor(key)),
);

export const PATCH = apiRoute({ scope: "endpoints:write", params: endpointParams, body: updateEndpointInput }, ({ workspaceId, params, body, actor }) =>
  updateEndpoint(workspaceId, params.id, body, actor),
);

export const DELETE = apiRoute({ scope: "endpoints:write", params: endpointParams }, async ({ workspaceId, params, actor }) => {
  await deleteEndpoint(workspaceId, params.id, actor);
  return new Response(null, { status: 204 });
});
