import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { postgresClient } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { authenticateApiKey, createApiKey, revokeApiKey } from "@/lib/api-keys/api-keys";
import { API_KEYS_CHANNEL, announceRevokedKeys } from "@/lib/api-keys/key-cache";
import type { Actor } from "@/lib/auth/roles";
import { removeMember } from "@/lib/members/members";
import { eventually } from "@/test/eventually";
import { addTestMember, createOwnedWorkspace } from "@/test/fixtures";

const system = { type: "system" as const, id: null };

/** A key this process remembers: it authenticated once the revocation listener was confirmed. */
async function rememberedKey(workspaceId: string, creator: Actor = system) {
  const { apiKey, key } = await createApiKey(workspaceId, { name: "integration", scopes: [] }, creator);
  await eventually(async () => {
    await authenticateApiKey(key);
    const undo = await revokeWithoutAnnouncing(apiKey.id);
    const remembered = (await authenticateApiKey(key)) !== undefined;
    await undo();
    return remembered;
  }, "the key remembered");
  return { apiKey, key };
}

/** Marks the key revoked the way nothing in Tern does: without telling the other processes. Returns the undo. */
async function revokeWithoutAnnouncing(id: string): Promise<() => Promise<void>> {
  await db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id));
  return async () => {
    await db.update(apiKeys).set({ revokedAt: null }).where(eq(apiKeys.id, id));
  };
}

afterEach(() => vi.restoreAllMocks());

describe("remembered API keys", () => {
  it("are answered without a lookup, and checked against the database again after a minute", async () => {
    const { workspace } = await createOwnedWorkspace();
    const { apiKey, key } = await rememberedKey(workspace.id);
    await revokeWithoutAnnouncing(apiKey.id);
    expect(await authenticateApiKey(key)).toMatchObject({ id: apiKey.id });
    const now = Date.now();
    vi.spyOn(Date, "now").mockReturnValue(now + 61_000);
    expect(await authenticateApiKey(key)).toBeUndefined();
  });

  it("stop working the moment they are revoked in this process", async () => {
    const { workspace } = await createOwnedWorkspace();
    const { apiKey, key } = await rememberedKey(workspace.id);
    await revokeApiKey(workspace.id, apiKey.id, system);
    expect(await authenticateApiKey(key)).toBeUndefined();
  });

  it("stop working in every process once another process's revocation commits", async () => {
    const { workspace } = await createOwnedWorkspace();
    const { apiKey, key } = await rememberedKey(workspace.id);
    // Another instance of Tern: its own connection, revoking and announcing in one transaction.
    const other = postgresClient(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      await other.begin(async (tx) => {
        await tx`update api_keys set revoked_at = now() where id = ${apiKey.id}`;
        await tx`select pg_notify(${API_KEYS_CHANNEL}, ${apiKey.id})`;
      });
    } finally {
      await other.end();
    }
    await eventually(async () => (await authenticateApiKey(key)) === undefined, "the revoked key refused", 5_000);
  });

  it("are looked up again once the revocation listener has gone quiet, so a revocation it missed holds within seconds", async () => {
    const { workspace } = await createOwnedWorkspace();
    const { apiKey, key } = await rememberedKey(workspace.id);
    const [{ name } = { name: "" }] = await db.execute<{ name: string }>(sql`select current_database() as name`);
    const server = new URL(process.env.DATABASE_URL!);
    server.pathname = "/postgres";
    const admin = postgresClient(server.toString(), { max: 1, onnotice: () => {} });
    // The listener's connection dies and cannot come back; the pool's open connections still work.
    await admin.unsafe(`alter database "${name}" allow_connections false`);
    try {
      await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and query ilike 'listen %'`;
      await db.transaction(async (tx) => {
        await tx.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, apiKey.id));
        await announceRevokedKeys(tx, [apiKey.id]);
      });
      await eventually(async () => (await authenticateApiKey(key)) === undefined, "the revoked key refused", 5_000);
    } finally {
      await admin.unsafe(`alter database "${name}" allow_connections true`);
      await admin.end();
    }
  });

  it("stop working when removing their creator revokes them", async () => {
    const { workspace, owner } = await createOwnedWorkspace();
    const admin = await addTestMember(workspace.id, "admin");
    const { key } = await rememberedKey(workspace.id, { type: "user", id: admin.id });
    await removeMember(workspace.id, { userId: admin.id, revokeTheirKeys: true }, { actor: { type: "user", id: owner.id }, role: "owner" });
    expect(await authenticateApiKey(key)).toBeUndefined();
  });
});
