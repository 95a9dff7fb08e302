import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { db } from "@/db";
import { apiKeys, users } from "@/db/schema";
import { unqualified } from "@/db/sql";
import { announceRevokedKeys, beginLookup, forgetKeys, rememberedKey } from "@/lib/api-keys/key-cache";
import type { ApiKeyScope } from "@/lib/api-keys/scopes";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/roles";
import { DomainError } from "@/lib/errors";
import { newId } from "@/lib/ids";

const KEY_PREFIX = "tern_sk_";
const SHOWN_PREFIX_LENGTH = KEY_PREFIX.length + 6;
// last_used_at is written at most this often per key, so busy keys do not write on every request.
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString("base64url");
}

const publicColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  lastUsedAt: apiKeys.lastUsedAt,
  createdAt: apiKeys.createdAt,
};

/** The workspace's active keys, each with the email of the member who created it (none for keys made by setup). */
export async function listApiKeys(workspaceId: string) {
  return db
    .select({ ...publicColumns, createdBy: users.email })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
    .where(and(eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt));
}

/** Creates a key; the returned `key` is the only time the secret is ever available. */
export async function createApiKey(workspaceId: string, input: { name: string; scopes: ApiKeyScope[]; key?: string }, actor: Actor) {
  const key = input.key ?? generateApiKey();
  return db.transaction(async (tx) => {
    const [apiKey] = await tx
      .insert(apiKeys)
      .values({
        id: newId("key"),
        workspaceId,
        name: input.name,
        prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
        keyHash: hashApiKey(key),
        scopes: input.scopes,
        createdByUserId: actor.type === "user" ? actor.id : null,
      })
      .returning(publicColumns);
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: "api_key.created",
      targetType: "api_key",
      targetId: apiKey!.id,
      details: { name: input.name, scopes: input.scopes },
    });
    return { apiKey: apiKey!, key };
  });
}

export async function revokeApiKey(workspaceId: string, keyId: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const revoked = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, name: apiKeys.name });
    if (revoked.length === 0) throw new DomainError("not_found", "No such API key in this workspace.");
    await announceRevokedKeys(tx, [keyId]);
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: keyId,
      details: { name: revoked[0]!.name },
    });
  });
  forgetKeys([keyId]);
}

export type AuthenticatedKey = { id: string; workspaceId: string; scopes: string[] };

/**
 * Resolves a presented key to its workspace, or undefined for unknown and revoked keys. A key
 * found valid is remembered (see key-cache.ts), so most requests skip the lookup.
 */
export async function authenticateApiKey(key: string): Promise<AuthenticatedKey | undefined> {
  if (!key.startsWith(KEY_PREFIX)) return undefined;
  const keyHash = hashApiKey(key);
  const remembered = rememberedKey(keyHash);
  if (remembered) return remembered;
  const remember = beginLookup();
  // One round trip: find the key and, at most once a minute, note that it was used. A remembered
  // key is looked up again after a minute, so last_used_at stays as fresh as before.
  const [found] = await db.execute<AuthenticatedKey>(sql`
    with found as (
      select ${apiKeys.id} as id, ${apiKeys.workspaceId} as "workspaceId", ${apiKeys.scopes} as scopes, ${apiKeys.lastUsedAt} as "lastUsedAt" from ${apiKeys}
      where ${apiKeys.keyHash} = ${keyHash} and ${apiKeys.revokedAt} is null
      limit 1),
    touched as (
      update ${apiKeys} set ${unqualified(apiKeys.lastUsedAt)} = now()
      from found
      where ${apiKeys.id} = found.id
        and (found."lastUsedAt" is null or found."lastUsedAt" < now() - make_interval(secs => ${LAST_USED_RESOLUTION_MS / 1000})))
    select id, "workspaceId", scopes from found`);
  if (found) remember(keyHash, found);
  return found;
}

export function keyHasScope(key: AuthenticatedKey, scope: ApiKeyScope): boolean {
  return key.scopes.length === 0 || key.scopes.includes(scope);
}
