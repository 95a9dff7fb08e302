import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { apiKeys, memberships } from "@/db/schema";
import { authenticateApiKey } from "@/lib/api-keys/api-keys";
import { verifyPassword } from "@/lib/auth/password";
import { bootstrapFromEnvironment } from "@/lib/setup/setup";
import { findUserByEmail } from "@/lib/users/users";
import { uniqueEmail } from "@/test/fixtures";

describe("bootstrap from the environment", () => {
  it("ensures the owner, a workspace and the API key, and is safe to repeat", async () => {
    const env = {
      TERN_ADMIN_EMAIL: uniqueEmail("admin"),
      TERN_ADMIN_PASSWORD: "first password 123",
      TERN_BOOTSTRAP_API_KEY: `tern_sk_${"k".repeat(20)}${Date.now()}`,
    };
    await bootstrapFromEnvironment(env);
    await bootstrapFromEnvironment({ ...env, TERN_ADMIN_PASSWORD: "second password 456" });
    await bootstrapFromEnvironment({ ...env, TERN_ADMIN_PASSWORD: "second password 456" });

    const user = await findUserByEmail(env.TERN_ADMIN_EMAIL);
    expect(await verifyPassword(user!.passwordHash, "second password 456")).toBe(true);
    // A new password ends the sessions signed in with the old one; restarting with the same one does not.
    expect(user!.sessionVersion).toBe(1);
    const owned = await db.select().from(memberships).where(eq(memberships.userId, user!.id));
    expect(owned).toHaveLength(1);
    expect(owned[0]!.role).toBe("owner");

    const key = await authenticateApiKey(env.TERN_BOOTSTRAP_API_KEY);
    expect(key?.workspaceId).toBe(owned[0]!.workspaceId);
    const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(apiKeys).where(eq(apiKeys.workspaceId, owned[0]!.workspaceId));
    expect(count!.n).toBe(1);
  });
});
