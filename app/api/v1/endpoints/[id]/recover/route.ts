import { apiRoute } from "@/lib/api/api-route";
import { endpointParams } from "@/lib/api/path-params";
import { recoverEndpoint } from "@/lib/deliveries/manual";
import { recoverEndpointInput } from "@/lib/deliveries/schemas";

export const POST = apiRoute({ scope: "endpoints:write", params: endpointParams, body: recoverEndpointInput }, async ({ workspaceId, params, body, actor }) =>
  Response.json(await recoverEndpoint(workspaceId, params.id, new Date(body.since), actor), { status: 202 }),
);
