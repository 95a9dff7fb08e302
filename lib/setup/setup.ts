import { and, asc, eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { apiKeys, memberships, users, workspaces } from "@/db/schema";
import { createApiKey, hashApiKey } from "@/lib/api-keys/api-keys";
import { verifyPassword } from "@/lib/auth/password";
import { type Settings, settings } from "@/lib/config/settings";
import { DomainError } from "@/lib/errors";
import { maySetUp, type SetupAccess } from "@/lib/setup/setup-token";
import { createUser, findUserByEmail, setPassword } from "@/lib/users/users";
import { createWorkspace } from "@/lib/workspaces/workspaces";

const SETUP_LOCK = 0x74657273;

/** The one-time setup: the first account becomes the owner of the first workspace. */
export async function createFirstOwner(input: { email: string; name: string; password: string; workspaceName: string }, access: SetupAccess) {
  if (!maySetUp(access)) {
    throw new DomainError("forbidden", "Setup from another machine needs the link with the setup token that Tern printed when it started.");
  }
  return db.transaction(async (tx) => {
    // Serialise concurrent setup submissions; only the first may pass.
    await tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK})`);
    const [existing] = await tx.select({ id: users.id }).from(users).limit(1);
    if (existing) throw new DomainError("conflict", "Setup is already complete. Sign in instead.");
    const user = await createUser(tx, input);
    const workspace = await createWorkspace(tx, { name: input.workspaceName, ownerUserId: user.id });
    return { user, workspace };
  });
}

async function ensureAdmin(email: string, password: string): Promise<string> {
  const existing = await findUserByEmail(email);
  if (!existing) {
    const user = await createUser(db, { email, name: "Admin", password });
    return user.id;
  }
  if (!(await verifyPassword(existing.passwordHash, password))) await setPassword(db, existing.id, password);
  return existing.id;
}

async function defaultWorkspaceOf(userId: string): Promise<string> {
  const [owned] = await db
    .select({ id: memberships.workspaceId })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.role, "owner")))
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  if (owned) return owned.id;
  return (await createWorkspace(db, { name: "Default", ownerUserId: userId })).id;
}

type BootstrapSettings = Pick<Settings, "TERN_ADMIN_EMAIL" | "TERN_ADMIN_PASSWORD" | "TERN_BOOTSTRAP_API_KEY">;

/**
 * Applies TERN_ADMIN_EMAIL / TERN_ADMIN_PASSWORD / TERN_BOOTSTRAP_API_KEY so automation
 * can start a ready-to-use instance without clicking through setup. Safe to run on every start.
 */
export async function bootstrapFromEnvironment(configured: BootstrapSettings = settings()): Promise<string[]> {
  const key = configured.TERN_BOOTSTRAP_API_KEY;
  const done: string[] = [];
  let workspaceId: string | undefined;
  if (configured.TERN_ADMIN_EMAIL && configured.TERN_ADMIN_PASSWORD) {
    const userId = await ensureAdmin(configured.TERN_ADMIN_EMAIL, configured.TERN_ADMIN_PASSWORD);
    workspaceId = await defaultWorkspaceOf(userId);
    done.push(`owner account ${configured.TERN_ADMIN_EMAIL}`);
  }
  if (key) {
    workspaceId ??= (await db.select({ id: workspaces.id }).from(workspaces).orderBy(asc(workspaces.createdAt)).limit(1))[0]?.id;
    if (!workspaceId) {
      throw new Error("TERN_BOOTSTRAP_API_KEY needs a workspace: set TERN_ADMIN_EMAIL and TERN_ADMIN_PASSWORD too.");
    }
    const [existing] = await db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(eq(apiKeys.keyHash, hashApiKey(key)));
    if (!existing) {
      await createApiKey(workspaceId, { name: "Bootstrap key", scopes: [], key }, { type: "system", id: null });
    }
    done.push("bootstrap API key");
  }
  return done;
}
