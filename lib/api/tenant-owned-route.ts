import type { z } from "zod";
import { type ApiContext, apiRoute, type PortalAccessLevel } from "@/lib/api/api-route";
import { deliveryParams, endpointParams, eventParams } from "@/lib/api/path-params";
import type { ApiKeyScope } from "@/lib/api-keys/scopes";
import { assertTenantOwns } from "@/lib/tenants/filter";
import { tenantScopeQuery } from "@/lib/tenants/schemas";

const paramsOf = { endpoint: endpointParams, event: eventParams, delivery: deliveryParams } as const;

type Body<B> = B extends z.ZodType ? z.output<B> : undefined;
type TenantScope = z.output<typeof tenantScopeQuery>;

/**
 * A REST handler about one endpoint, event or delivery, its {id} in the path. It takes `?tenant=`:
 * given, the resource must be that tenant's or the answer is 404, before the handler runs. A portal
 * caller's `tenant` is always its own.
 */
export function tenantOwnedRoute<B extends z.ZodType | undefined = undefined>(
  resource: keyof typeof paramsOf,
  config: { scope: ApiKeyScope; portal?: PortalAccessLevel; body?: B },
  handler: (ctx: ApiContext<Body<B>, TenantScope, { id: string }>) => Promise<Response | object>,
) {
  return apiRoute({ ...config, params: paramsOf[resource], query: tenantScopeQuery }, async (ctx) => {
    await assertTenantOwns(ctx.workspaceId, ctx.query.tenant, resource, ctx.params.id);
    return handler(ctx);
  });
}
