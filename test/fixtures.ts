import { randomBytes } from "node:crypto";
import { db } from "@/db";
import { type MemberRole, memberships } from "@/db/schema";
import { createUser } from "@/lib/users/users";
import { createWorkspace } from "@/lib/workspaces/workspaces";

export function uniqueEmail(label = "user"): string {
  return `${label}-${randomBytes(5).toString("hex")}@example.test`;
}

export const TEST_PASSWORD = "correct horse battery staple";

/** A workspace with its owner, both new, so tests never see each other's rows. */
export async function createOwnedWorkspace(name = "Test workspace") {
  const owner = await createUser(db, { email: uniqueEmail("owner"), password: TEST_PASSWORD });
  const workspace = await createWorkspace(db, { name, ownerUserId: owner.id });
  return { owner, workspace };
}

export async function addTestMember(workspaceId: string, role: MemberRole) {
  const user = await createUser(db, { email: uniqueEmail(role), password: TEST_PASSWORD });
  await db.insert(memberships).values({ workspaceId, userId: user.id, role });
  return user;
}
