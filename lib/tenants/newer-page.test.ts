// Walking the tenant list back: from any page that "Older" reached, "Newer" opens the page before
// it, with the search kept, and the first page has no cursor.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { tenants } from "@/db/schema";
import { newerTenantsCursor } from "@/lib/tenants/newer-page";
import { createTenant, listTenants } from "@/lib/tenants/tenants";
import { createOwnedWorkspace } from "@/test/fixtures";

const system = { type: "system", id: null } as const;

/** The cursors of each page, first to last, as "Older" links reach them (the first page has none). */
async function walkOlder(workspaceId: string, limit: number, search?: string) {
  const cursors: (string | undefined)[] = [undefined];
  const pages: string[][] = [];
  for (;;) {
    const page = await listTenants(workspaceId, { limit, cursor: cursors.at(-1), search });
    pages.push(page.data.map((tenant) => tenant.key));
    if (!page.nextCursor) return { cursors, pages };
    cursors.push(page.nextCursor);
  }
}

describe("newerTenantsCursor", () => {
  it("leads from each page back to the one before it", async () => {
    const { workspace } = await createOwnedWorkspace();
    for (let i = 0; i < 8; i++) await createTenant(workspace.id, { key: `cus_${i}`, metadata: {} }, system);
    const { cursors, pages } = await walkOlder(workspace.id, 3);
    expect(pages).toEqual([
      ["cus_7", "cus_6", "cus_5"],
      ["cus_4", "cus_3", "cus_2"],
      ["cus_1", "cus_0"],
    ]);
    for (let page = 1; page < cursors.length; page++) {
      expect(await newerTenantsCursor(workspace.id, { cursor: cursors[page]!, limit: 3 })).toBe(cursors[page - 1] ?? null);
    }
  });

  it("keeps to the search, other workspaces and live tenants", async () => {
    const { workspace } = await createOwnedWorkspace();
    const other = await createOwnedWorkspace();
    for (let i = 0; i < 5; i++) {
      await createTenant(workspace.id, { key: `a_${i}`, metadata: {} }, system);
      await createTenant(workspace.id, { key: `b${i}`, name: `A_name ${i}`, metadata: {} }, system);
      await createTenant(workspace.id, { key: `ax${i}`, metadata: {} }, system);
      await createTenant(other.workspace.id, { key: `a_${i}other`, metadata: {} }, system);
    }
    // The row as deleteTenant leaves it, without the engine event it also sends.
    await db
      .update(tenants)
      .set({ deletedAt: new Date() })
      .where(and(eq(tenants.workspaceId, workspace.id), eq(tenants.key, "a_2")));
    // "a_" matches the keys a_… and the names A_name …, not ax… (the _ is literal).
    const { cursors, pages } = await walkOlder(workspace.id, 2, "a_");
    expect(pages.flat()).toEqual(["b4", "a_4", "b3", "a_3", "b2", "b1", "a_1", "b0", "a_0"]);
    for (let page = 1; page < cursors.length; page++) {
      expect(await newerTenantsCursor(workspace.id, { cursor: cursors[page]!, search: "a_", limit: 2 })).toBe(cursors[page - 1] ?? null);
    }
  });
});
