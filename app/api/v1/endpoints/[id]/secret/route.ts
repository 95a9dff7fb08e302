import { apiRoute } from "@/lib/api/api-route";
import { endpointParams } from "@/lib/api/path-params";
import { revealSigningSecret } from "@/lib/endpoints/endpoints";

// Reading a secret is sensitive: it needs the write scope, and every reveal is audited.
export const GET = apiRoute({ scope: "endpoints:write", params: endpointParams }, ({ workspaceId, params, actor }) =>
  revealSigningSecret(workspaceId, params.id, actor),
);
