import { apiRoute } from "@/lib/api/api-route";
import { deliveryStats, statsQuery } from "@/lib/stats/stats";

export const GET = apiRoute({ scope: "stats:read", portal: "read", query: statsQuery }, ({ workspaceId, query }) => deliveryStats(workspaceId, query));
