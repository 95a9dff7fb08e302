import { z } from "zod";
import { apiRoute, headerValuesForCaller } from "@/lib/api/api-route";
import { pageQuery } from "@/lib/api/pagination";
import { createEndpoint, listEndpoints } from "@/lib/endpoints/endpoints";
import { createEndpointInput, endpointTagFilter } from "@/lib/endpoints/schemas";
import { tenantRef } from "@/lib/tenants/schemas";

export const GET = apiRoute(
  { scope: "endpoints:read", portal: "read", query: z.strictObject({ ...pageQuery, tenant: tenantRef.optional(), tag: endpointTagFilter.optional() }) },
  ({ caller, workspaceId, query }) => listEndpoints(workspaceId, query, headerValuesForCaller(caller)),
);

export const POST = apiRoute({ scope: "endpoints:write", portal: "write", body: createEndpointInput }, async ({ workspaceId, body, actor }) =>
  Response.json(await createEndpoint(workspaceId, body, actor), { status: 201 }),
);
