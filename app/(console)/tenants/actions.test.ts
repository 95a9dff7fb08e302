// The Tenants pages' actions: only the session is faked (who is asking); roles, validation, the
// workspace boundary and the writes run against the real database, and deleting goes through the
// embedded engine as in production.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { auditLog, tenants } from "@/db/schema";
import type { RequestActor } from "@/lib/auth/session";
import type { Executor } from "@/lib/engine/executor";
import { createTenant, getTenant, listTenants } from "@/lib/tenants/tenants";
import { addTestMember, createOwnedWorkspace } from "@/test/fixtures";
import { startTernExecutor } from "@/test/tern-engine";

const requester: RequestActor = { userId: undefined, workspaceId: undefined };
vi.mock("@/lib/auth/session", () => ({ resolveRequestActor: async () => ({ ...requester }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { createTenantAction, deleteTenantAction, setTenantDisabledAction, updateTenantAction } = await import("./actions");

const system = { type: "system", id: null } as const;
const redirectsTo = (path: RegExp) => ({ digest: expect.stringMatching(path) });
const forbidden = (role: string) => ({ ok: false, error: `Your role (${role}) cannot do this. Ask a workspace admin or owner.` });

function actAs(userId: string, workspaceId: string) {
  Object.assign(requester, { userId, workspaceId });
}

const liveKeys = async (workspaceId: string) => (await listTenants(workspaceId, { limit: 100 })).data.map((tenant) => tenant.key);

let executor: Executor;
beforeAll(async () => {
  executor = await startTernExecutor();
});
afterAll(async () => {
  await executor.stop();
});

describe("the Tenants pages' actions", () => {
  let a: Awaited<ReturnType<typeof createOwnedWorkspace>>;
  beforeEach(async () => {
    a = await createOwnedWorkspace("A");
  });

  it("let an admin create, edit, disable, enable and delete a tenant", async () => {
    const admin = await addTestMember(a.workspace.id, "admin");
    actAs(admin.id, a.workspace.id);

    await expect(createTenantAction(null, { key: "acme", name: "", metadata: '{"plan": "pro"}' })).rejects.toMatchObject(
      redirectsTo(/^NEXT_REDIRECT;replace;\/tenants\/tnt_[0-9a-z]{26}\?created=1;/),
    );
    const created = await getTenant(a.workspace.id, "acme");
    expect(created).toMatchObject({ key: "acme", name: "acme", metadata: { plan: "pro" }, disabled: false });

    expect(await updateTenantAction(null, { tenantId: created.id, name: "Acme Inc.", metadata: "" })).toEqual({ ok: true, data: null });
    expect(await getTenant(a.workspace.id, "acme")).toMatchObject({ name: "Acme Inc.", metadata: {} });

    expect(await setTenantDisabledAction(null, { tenantId: created.id, disabled: "true", disabledReason: "Unpaid invoices" })).toEqual({
      ok: true,
      data: { disabled: true },
    });
    expect(await getTenant(a.workspace.id, "acme")).toMatchObject({ disabled: true, disabledReason: "Unpaid invoices" });
    expect(await setTenantDisabledAction(null, { tenantId: created.id, disabled: "false", disabledReason: "" })).toEqual({
      ok: true,
      data: { disabled: false },
    });
    expect(await getTenant(a.workspace.id, "acme")).toMatchObject({ disabled: false, disabledReason: null });

    await expect(deleteTenantAction(null, { tenantId: created.id, confirmKey: "acme" })).rejects.toMatchObject(
      redirectsTo(/^NEXT_REDIRECT;replace;\/tenants\?deleted=acme;/),
    );
    await expect(getTenant(a.workspace.id, created.id)).rejects.toMatchObject({ code: "not_found" });
    const audited = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, a.workspace.id), eq(auditLog.targetId, created.id)));
    expect(audited.map((row) => row.action).sort()).toEqual(["tenant.created", "tenant.deleted", "tenant.disabled", "tenant.enabled", "tenant.updated"]);
  });

  it("refuse a viewer every change, on the server", async () => {
    const tenant = await createTenant(a.workspace.id, { key: "kept", metadata: {} }, system);
    const viewer = await addTestMember(a.workspace.id, "viewer");
    actAs(viewer.id, a.workspace.id);

    expect(await createTenantAction(null, { key: "sneaky", name: "", metadata: "" })).toEqual(forbidden("viewer"));
    expect(await updateTenantAction(null, { tenantId: tenant.id, name: "Renamed", metadata: "" })).toEqual(forbidden("viewer"));
    expect(await setTenantDisabledAction(null, { tenantId: tenant.id, disabled: "true", disabledReason: "" })).toEqual(forbidden("viewer"));
    expect(await deleteTenantAction(null, { tenantId: tenant.id, confirmKey: "kept" })).toEqual(forbidden("viewer"));

    expect(await liveKeys(a.workspace.id)).toEqual(["kept"]);
    expect(await getTenant(a.workspace.id, tenant.id)).toMatchObject({ name: "kept", disabled: false });
  });

  it("cannot touch another workspace's tenant, even by its id", async () => {
    const b = await createOwnedWorkspace("B");
    const theirs = await createTenant(b.workspace.id, { key: "theirs", name: "Theirs", metadata: {} }, system);
    actAs(a.owner.id, a.workspace.id);
    const notFound = { ok: false, error: `No tenant with the id or key "${theirs.id}" in this workspace.` };

    expect(await updateTenantAction(null, { tenantId: theirs.id, name: "Taken", metadata: "" })).toMatchObject(notFound);
    expect(await setTenantDisabledAction(null, { tenantId: theirs.id, disabled: "true", disabledReason: "" })).toMatchObject(notFound);
    expect(await deleteTenantAction(null, { tenantId: theirs.id, confirmKey: "theirs" })).toMatchObject(notFound);
    // By key, the name resolves in the caller's own workspace, where there is no such tenant.
    expect(await deleteTenantAction(null, { tenantId: "theirs", confirmKey: "theirs" })).toMatchObject({ ok: false });

    const [row] = await db.select().from(tenants).where(eq(tenants.id, theirs.id));
    expect(row).toMatchObject({ name: "Theirs", disabledAt: null, deletedAt: null });
  });

  it("answer invalid input with errors beside the fields, keeping what was typed", async () => {
    actAs(a.owner.id, a.workspace.id);
    const refused = await createTenantAction(null, { key: "tnt_looks_like_an_id", name: "Acme", metadata: "{not json" });
    expect(refused).toMatchObject({ ok: false, values: { key: "tnt_looks_like_an_id", name: "Acme", metadata: "{not json" } });
    if (refused.ok) return;
    expect(refused.fieldErrors?.key).toEqual(['A tenant key cannot start with "tnt_": that is how tenant ids start.']);
    expect(refused.fieldErrors?.metadata).toEqual(["metadata must be a JSON object."]);

    await createTenant(a.workspace.id, { key: "taken", metadata: {} }, system);
    expect(await createTenantAction(null, { key: "taken", name: "", metadata: "" })).toMatchObject({
      ok: false,
      fieldErrors: { key: ['A tenant with the key "taken" already exists in this workspace.'] },
    });
    expect(await liveKeys(a.workspace.id)).toEqual(["taken"]);
  });

  it("delete only when the tenant's key is typed", async () => {
    const tenant = await createTenant(a.workspace.id, { key: "cus_42", metadata: {} }, system);
    actAs(a.owner.id, a.workspace.id);
    for (const confirmKey of ["", "cus_4", "CUS_42"]) {
      expect(await deleteTenantAction(null, { tenantId: tenant.id, confirmKey })).toMatchObject({
        ok: false,
        fieldErrors: { confirmKey: ["Type the tenant's key, cus_42, to delete it."] },
      });
    }
    expect(await liveKeys(a.workspace.id)).toEqual(["cus_42"]);
  });
});
