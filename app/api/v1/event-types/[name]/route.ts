import { apiRoute } from "@/lib/api/api-route";
import { eventTypeParams } from "@/lib/api/path-params";
import { deleteEventType, getEventType, updateEventType } from "@/lib/event-types/event-types";
import { updateEventTypeInput } from "@/lib/event-types/schemas";

export const GET = apiRoute({ scope: "event-types:read", portal: "catalog", params: eventTypeParams }, ({ workspaceId, params, caller }) =>
  getEventType(workspaceId, params.name, { builtIns: caller.kind !== "portal" }),
);

export const PATCH = apiRoute({ scope: "event-types:write", params: eventTypeParams, body: updateEventTypeInput }, ({ workspaceId, params, body, actor }) =>
  updateEventType(workspaceId, params.name, body, actor),
);

export const DELETE = apiRoute({ scope: "event-types:write", params: eventTypeParams }, async ({ workspaceId, params, actor }) => {
  await deleteEventType(workspaceId, params.name, actor);
  return new Response(null, { status: 204 });
});
