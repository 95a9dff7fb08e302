import { tenantOwnedRoute } from "@/lib/api/tenant-owned-route";
import { revealSigningSecret } from "@/lib/endpoints/endpoints";

// Reading a secret is sensitive: it needs the write scope (a writable portal link), and every reveal is audited.
export const GET = tenantOwnedRoute("endpoint", { scope: "endpoints:write", portal: "write" }, ({ workspaceId, params, actor }) =>
  revealSigningSecret(workspaceId, params.id, actor),
);
