import type { MemberRole } from "@/db/schema";
import { listApiKeys } from "@/lib/api-keys/api-keys";
import { type AuditEntry, listAuditLog, previousAuditLogCursor } from "@/lib/audit/queries";
import { existingTargets, targetKey } from "@/lib/audit/targets";
import { hasRole } from "@/lib/auth/roles";
import { TIME_RANGE_MS } from "@/lib/console/time-ranges";
import { DomainError } from "@/lib/errors";
import { listMembers } from "@/lib/members/members";
import type { AuditLogSearch } from "./search-params";

const PAGE_SIZE = 50;

export type AuditRow = AuditEntry & { targetHref: string | undefined };

// Where a target is shown in the console; kinds without a page of their own link to their list.
function targetHref(entry: AuditEntry): string {
  const { type, id } = entry.target;
  switch (type) {
    case "endpoint":
      return `/endpoints/${id}`;
    case "event":
      return `/events/${id}`;
    case "delivery":
      return `/deliveries/${id}`;
    case "tenant":
      return `/tenants/${id}`;
    case "event_type":
      return "/event-types";
    case "alert":
      return "/alerts";
    case "alert_channel":
      return "/settings/alerts";
    case "api_key":
      return "/settings/api-keys";
    case "workspace":
      return entry.action.startsWith("portal_") ? "/settings/portal" : "/settings/workspace";
    default:
      return "/settings/members";
  }
}

/**
 * The audit log page's data, for admins and owners only: entries name secrets that were revealed
 * and who holds which key, which a viewer may not learn.
 */
export async function loadAuditLogPage(context: { workspaceId: string; role: MemberRole }, search: AuditLogSearch) {
  if (!hasRole(context.role, "admin")) throw new DomainError("forbidden", "The audit log is open to workspace admins and owners.");
  const since = search.range === "all" ? undefined : new Date(Date.now() - TIME_RANGE_MS[search.range]).toISOString();
  const filters = { actor: search.actor, action: search.action, since };
  const [page, previousCursor, members, keys] = await Promise.all([
    listAuditLog(context.workspaceId, { ...filters, cursor: search.cursor, limit: PAGE_SIZE }),
    search.cursor ? previousAuditLogCursor(context.workspaceId, { ...filters, cursor: search.cursor, limit: PAGE_SIZE }) : null,
    listMembers(context.workspaceId),
    listApiKeys(context.workspaceId),
  ]);
  // Invitations and the workspace itself have no existence to check: their pages always exist.
  const existing = await existingTargets(
    context.workspaceId,
    page.data.map((entry) => entry.target),
  );
  const rows: AuditRow[] = page.data.map((entry) => ({
    ...entry,
    targetHref: existing.has(targetKey(entry.target)) || ["invitation", "workspace"].includes(entry.target.type) ? targetHref(entry) : undefined,
  }));
  return {
    rows,
    nextCursor: page.nextCursor,
    /** The cursor of the page before this one; null on the first page and the one after it. */
    previousCursor,
    actors: [...members.map((member) => ({ id: member.userId, label: member.email })), ...keys.map((key) => ({ id: key.id, label: `API key “${key.name}”` }))],
  };
}
