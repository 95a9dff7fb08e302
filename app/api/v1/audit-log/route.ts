import { apiRoute } from "@/lib/api/api-route";
import { auditLogQuery, listAuditLog } from "@/lib/audit/queries";

export const GET = apiRoute({ scope: "audit-log:read", query: auditLogQuery }, ({ workspaceId, query }) => listAuditLog(workspaceId, query));
