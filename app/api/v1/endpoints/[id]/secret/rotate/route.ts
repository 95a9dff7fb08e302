import { apiRoute } from "@/lib/api/api-route";
import { endpointParams } from "@/lib/api/path-params";
import { rotateSigningSecret } from "@/lib/endpoints/endpoints";
import { rotateSecretInput } from "@/lib/endpoints/schemas";

export const POST = apiRoute({ scope: "endpoints:write", params: endpointParams, body: rotateSecretInput }, ({ workspaceId, params, body, actor }) =>
  rotateSigningSecret(workspaceId, params.id, body.graceSeconds, actor),
);
