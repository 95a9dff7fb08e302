// The console's tenant labels: one query for a page of rows, and only the workspace's live tenants.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { tenants } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { tenantLabel, tenantLabels } from "@/lib/tenants/labels";
import { createTenant } from "@/lib/tenants/tenants";
import { createOwnedWorkspace } from "@/test/fixtures";

const system = { type: "system", id: null } as const;

describe("tenantLabels", () => {
  it("labels the ids asked for, once each, and nothing else", async () => {
    const { workspace } = await createOwnedWorkspace();
    const a = await createTenant(workspace.id, { key: "cus_a", name: "Acme", metadata: {} }, system);
    const b = await createTenant(workspace.id, { key: "cus_b", metadata: {} }, system);
    await createTenant(workspace.id, { key: "cus_c", metadata: {} }, system);

    const labels = await tenantLabels(workspace.id, [a.id, null, b.id, a.id]);
    expect(labels).toEqual(
      new Map([
        [a.id, { id: a.id, key: "cus_a", name: "Acme" }],
        [b.id, { id: b.id, key: "cus_b", name: "cus_b" }],
      ]),
    );
    expect(await tenantLabels(workspace.id, [null, null])).toEqual(new Map());
  });

  it("gives nothing for another workspace's tenant or a deleted one", async () => {
    const mine = await createOwnedWorkspace("Mine");
    const theirs = await createOwnedWorkspace("Theirs");
    const kept = await createTenant(mine.workspace.id, { key: "kept", metadata: {} }, system);
    const gone = await createTenant(mine.workspace.id, { key: "gone", metadata: {} }, system);
    const foreign = await createTenant(theirs.workspace.id, { key: "kept", metadata: {} }, system);
    // What deleteTenant marks at once; its data follows in the background.
    await db.update(tenants).set({ deletedAt: new Date() }).where(eq(tenants.id, gone.id));

    const labels = await tenantLabels(mine.workspace.id, [kept.id, gone.id, foreign.id]);
    expect([...labels.keys()]).toEqual([kept.id]);
  });
});

describe("tenantLabel", () => {
  it("finds a tenant by id or key, and refuses another workspace's on the tenant field", async () => {
    const mine = await createOwnedWorkspace("Mine");
    const theirs = await createOwnedWorkspace("Theirs");
    const tenant = await createTenant(mine.workspace.id, { key: "cus_a", name: "Acme", metadata: {} }, system);
    const foreign = await createTenant(theirs.workspace.id, { key: "cus_z", metadata: {} }, system);

    const label = { id: tenant.id, key: "cus_a", name: "Acme" };
    expect(await tenantLabel(mine.workspace.id, tenant.id)).toEqual(label);
    expect(await tenantLabel(mine.workspace.id, "cus_a")).toEqual(label);
    for (const ref of [foreign.id, "cus_z"]) {
      const refusal = await tenantLabel(mine.workspace.id, ref).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(DomainError);
      expect(refusal).toMatchObject({ code: "invalid", field: "tenant" });
    }
  });
});
