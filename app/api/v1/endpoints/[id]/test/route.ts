import { tenantOwnedRoute } from "@/lib/api/tenant-owned-route";
import { sendTestEventInput } from "@/lib/deliveries/schemas";
import { sendTestEvent } from "@/lib/deliveries/send-test-event";

export const POST = tenantOwnedRoute(
  "endpoint",
  { scope: "endpoints:write", portal: "write", body: sendTestEventInput },
  ({ workspaceId, params, body, actor }) => sendTestEvent(workspaceId, params.id, body, actor),
);
