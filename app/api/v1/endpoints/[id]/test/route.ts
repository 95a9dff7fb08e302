import { apiRoute } from "@/lib/api/api-route";
import { endpointParams } from "@/lib/api/path-params";
import { sendTestEventInput } from "@/lib/deliveries/schemas";
import { sendTestEvent } from "@/lib/deliveries/send-test-event";

export const POST = apiRoute({ scope: "endpoints:write", params: endpointParams, body: sendTestEventInput }, ({ workspaceId, params, body, actor }) =>
  sendTestEvent(workspaceId, params.id, body, actor),
);
