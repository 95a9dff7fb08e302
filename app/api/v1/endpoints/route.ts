import { z } from "zod";
import { apiRoute } from "@/lib/api/api-route";
import { pageQuery } from "@/lib/api/pagination";
import { createEndpoint, headerValuesFor, listEndpoints } from "@/lib/endpoints/endpoints";
import { createEndpointInput } from "@/lib/endpoints/schemas";
import { tenantRef } from "@/lib/tenants/schemas";

export const GET = apiRoute({ scope: "endpoints:read", query: z.strictObject({ ...pageQuery, tenant: tenantRef.optional() }) }, ({ key, workspaceId, query }) =>
  listEndpoints(workspaceId, query, headerValuesFor(key)),
);

export const POST = apiRoute({ scope: "endpoints:write", body: createEndpointInput }, async ({ workspaceId, body, actor }) =>
  Response.json(await createEndpoint(workspaceId, body, actor), { status: 201 }),
);
