import { apiRoute } from "@/lib/api/api-route";
import { eventParams } from "@/lib/api/path-params";
import { replayEvent } from "@/lib/deliveries/manual";
import { replayEventInput } from "@/lib/deliveries/schemas";

export const POST = apiRoute({ scope: "events:write", params: eventParams, body: replayEventInput }, async ({ workspaceId, params, body, actor }) =>
  Response.json(await replayEvent(workspaceId, params.id, body.endpointId, actor), { status: 202 }),
);
