import { z } from "zod";
import { apiRoute } from "@/lib/api/api-route";
import { pageQuery } from "@/lib/api/pagination";
import { createEventType, listEventTypes } from "@/lib/event-types/event-types";
import { createEventTypeInput } from "@/lib/event-types/schemas";

export const GET = apiRoute({ scope: "event-types:read", portal: "catalog", query: z.strictObject(pageQuery) }, ({ workspaceId, query, caller }) =>
  // A tenant's endpoints never receive Tern's own types: the portal's catalog leaves them out.
  listEventTypes(workspaceId, query, { builtIns: caller.kind !== "portal" }),
);

export const POST = apiRoute({ scope: "event-types:write", body: createEventTypeInput }, async ({ workspaceId, body, actor }) =>
  Response.json(await createEventType(workspaceId, body, actor), { status: 201 }),
);
