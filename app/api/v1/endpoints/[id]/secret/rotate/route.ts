import { tenantOwnedRoute } from "@/lib/api/tenant-owned-route";
import { rotateSigningSecret } from "@/lib/endpoints/endpoints";
import { rotateSecretInput } from "@/lib/endpoints/schemas";

export const POST = tenantOwnedRoute(
  "endpoint",
  { scope: "endpoints:write", portal: "write", body: rotateSecretInput },
  ({ workspaceId, params, body, actor }) => rotateSigningSecret(workspaceId, params.id, body.graceSeconds, actor),
);
