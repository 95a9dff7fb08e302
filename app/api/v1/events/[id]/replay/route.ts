import { tenantOwnedRoute } from "@/lib/api/tenant-owned-route";
import { replayEvent } from "@/lib/deliveries/manual";
import { replayEventInput } from "@/lib/deliveries/schemas";

export const POST = tenantOwnedRoute("event", { scope: "events:write", body: replayEventInput }, async ({ workspaceId, params, body, actor }) =>
  Response.json(await replayEvent(workspaceId, params.id, body.endpointId, actor), { status: 202 }),
);
