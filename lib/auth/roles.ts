import type { MemberRole } from "@/db/schema";

export const roles = ["owner", "admin", "viewer"] as const satisfies readonly MemberRole[];
const rank: Record<MemberRole, number> = { viewer: 0, admin: 1, owner: 2 };

/** True when `role` carries at least the rights of `required`. */
export function hasRole(role: MemberRole, required: MemberRole): boolean {
  return rank[role] >= rank[required];
}

/** Who did something: a signed-in user, an API key, a tenant in the portal (id: the tenant's), or Tern itself. */
export type Actor = { type: "user"; id: string } | { type: "api_key"; id: string } | { type: "portal"; id: string } | { type: "system"; id: null };
