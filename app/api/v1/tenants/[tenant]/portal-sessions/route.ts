import { apiRoute } from "@/lib/api/api-route";
import { setting } from "@/lib/config/settings";
import { createPortalSessionInput } from "@/lib/portal/schemas";
import { createPortalSession, revokePortalSessions } from "@/lib/portal/sessions";
import { tenantParams } from "@/lib/tenants/schemas";

export const POST = apiRoute(
  { scope: "tenants:write", params: tenantParams, body: createPortalSessionInput },
  async ({ workspaceId, params, body, actor, request }) => {
    const baseUrl = setting("AUTH_URL") ?? new URL(request.url).origin;
    return Response.json(await createPortalSession(workspaceId, params.tenant, body, actor, baseUrl), { status: 201 });
  },
);

export const DELETE = apiRoute({ scope: "tenants:write", params: tenantParams }, ({ workspaceId, params, actor }) =>
  revokePortalSessions(workspaceId, params.tenant, actor),
);
