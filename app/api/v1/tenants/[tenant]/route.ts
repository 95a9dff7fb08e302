import { apiRoute } from "@/lib/api/api-route";
import { tenantParams, tenantPutParams, updateTenantInput, upsertTenantInput } from "@/lib/tenants/schemas";
import { deleteTenant, getTenant, updateTenant, upsertTenant } from "@/lib/tenants/tenants";

export const PUT = apiRoute({ scope: "tenants:write", params: tenantPutParams, body: upsertTenantInput }, async ({ workspaceId, params, body, actor }) => {
  const { tenant, created } = await upsertTenant(workspaceId, params.tenant, body, actor);
  return Response.json(tenant, { status: created ? 201 : 200 });
});

export const GET = apiRoute({ scope: "tenants:read", params: tenantParams }, ({ workspaceId, params }) => getTenant(workspaceId, params.tenant));

export const PATCH = apiRoute({ scope: "tenants:write", params: tenantParams, body: updateTenantInput }, ({ workspaceId, params, body, actor }) =>
  updateTenant(workspaceId, params.tenant, body, actor),
);

export const DELETE = apiRoute({ scope: "tenants:write", params: tenantParams }, async ({ workspaceId, params, actor }) => {
  await deleteTenant(workspaceId, params.tenant, actor);
  return new Response(null, { status: 204 });
});
