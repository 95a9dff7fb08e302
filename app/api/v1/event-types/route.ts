import { apiRoute } from "@/lib/api/api-route";
import { createEventType, listEventTypes } from "@/lib/event-types/event-types";
import { createEventTypeInput, eventTypeListQuery } from "@/lib/event-types/schemas";

export const GET = apiRoute({ scope: "event-types:read", portal: "catalog", query: eventTypeListQuery }, ({ workspaceId, query, caller }) =>
  // A tenant's endpoints never receive Tern's own types: the portal's catalog leaves them out.
  listEventTypes(workspaceId, query, { builtIns: caller.kind !== "portal" }),
);

export const POST = apiRoute({ scope: "event-types:write", body: createEventTypeInput }, async ({ workspaceId, body, actor }) =>
  Response.json(await createEventType(workspaceId, body, actor), { status: 201 }),
);
