import { apiRoute } from "@/lib/api/api-route";
import { getEndpoint } from "@/lib/endpoints/endpoints";

export const GET = apiRoute({ scope: "endpoints:read" }, ({ workspaceId, params }) => getEndpoint(workspaceId, params.id!));
