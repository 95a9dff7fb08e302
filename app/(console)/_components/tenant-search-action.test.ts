// The tenant picker's search: the session is faked (who is asking); membership and the search
// run against the real database.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { RequestActor } from "@/lib/auth/session";
import { createTenant } from "@/lib/tenants/tenants";
import { addTestMember, createOwnedWorkspace } from "@/test/fixtures";

const requester: RequestActor = { userId: undefined, workspaceId: undefined };
vi.mock("@/lib/auth/session", () => ({ resolveRequestActor: async () => ({ ...requester }) }));

const { searchTenantsAction } = await import("./tenant-search-action");

const system = { type: "system", id: null } as const;

describe("searching tenants for the picker", () => {
  let mine: Awaited<ReturnType<typeof createOwnedWorkspace>>;

  beforeEach(async () => {
    mine = await createOwnedWorkspace("Mine");
    const viewer = await addTestMember(mine.workspace.id, "viewer");
    requester.userId = viewer.id;
    requester.workspaceId = mine.workspace.id;
  });

  it("offers a viewer the workspace's tenants whose key or name starts with the text, newest first, ten at most", async () => {
    const theirs = await createOwnedWorkspace("Theirs");
    await createTenant(theirs.workspace.id, { key: "acme-foreign", metadata: {} }, system);
    for (let i = 0; i < 12; i++) await createTenant(mine.workspace.id, { key: `acme-${i}`, metadata: {} }, system);
    const byName = await createTenant(mine.workspace.id, { key: "cus_9", name: "ACME Europe", metadata: {} }, system);
    await createTenant(mine.workspace.id, { key: "globex", metadata: {} }, system);

    const result = await searchTenantsAction(null, { search: "Acme" });
    expect(result.ok).toBe(true);
    const found = result.ok ? result.data : [];
    expect(found).toHaveLength(10);
    expect(found[0]).toEqual({ id: byName.id, key: "cus_9", name: "ACME Europe" });
    expect(found.slice(1).map((tenant) => tenant.key)).toEqual(["acme-11", "acme-10", "acme-9", "acme-8", "acme-7", "acme-6", "acme-5", "acme-4", "acme-3"]);

    expect(await searchTenantsAction(null, { search: "" })).toMatchObject({
      ok: true,
      data: expect.arrayContaining([expect.objectContaining({ key: "globex" })]),
    });
    expect(await searchTenantsAction(null, { search: "acme-foreign" })).toEqual({ ok: true, data: [] });
  });

  it("answers nobody outside the workspace", async () => {
    const stranger = await createOwnedWorkspace("Stranger");
    await createTenant(mine.workspace.id, { key: "secret-customer", metadata: {} }, system);
    requester.userId = stranger.owner.id;
    expect(await searchTenantsAction(null, { search: "secret" })).toEqual({ ok: false, error: "You are not a member of this workspace." });
  });
});
