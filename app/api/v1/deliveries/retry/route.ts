import { z } from "zod";
import { apiRoute } from "@/lib/api/api-route";
import { retryDeliveries } from "@/lib/deliveries/manual";
import { idPattern } from "@/lib/ids";
import { tenantFilter } from "@/lib/tenants/filter";
import { tenantScopeQuery } from "@/lib/tenants/schemas";

const retryDeliveriesInput = z.strictObject({
  ids: z
    .array(z.string().regex(idPattern("dlv"), { error: "Not a delivery id: these are dlv_ and 26 lowercase letters and digits." }))
    .min(1, { error: "Give at least one delivery id." })
    .max(100, { error: "Retry at most 100 deliveries at once." })
    .describe("The deliveries to send again now, 1 to 100."),
});

export const POST = apiRoute(
  { scope: "deliveries:write", portal: "write", query: tenantScopeQuery, body: retryDeliveriesInput },
  async ({ workspaceId, query, body, actor }) => {
    const tenantId = await tenantFilter(workspaceId, query.tenant);
    return Response.json(await retryDeliveries(workspaceId, body.ids, actor, tenantId), { status: 202 });
  },
);
