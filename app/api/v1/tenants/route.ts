import { apiRoute } from "@/lib/api/api-route";
import { createTenantInput, tenantListQuery } from "@/lib/tenants/schemas";
import { createTenant, listTenants } from "@/lib/tenants/tenants";

export const GET = apiRoute({ scope: "tenants:read", query: tenantListQuery }, ({ workspaceId, query }) => listTenants(workspaceId, query));

export const POST = apiRoute({ scope: "tenants:write", body: createTenantInput }, async ({ workspaceId, body, actor }) =>
  Response.json(await createTenant(workspaceId, body, actor), { status: 201 }),
);
